using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Events;

namespace OneWindow.Cases.Features.Workflow;

/// <summary>
/// Writes what every case action leaves behind, inside the action's transaction: a history line (办理过程), an audit
/// entry, an outbox event for department systems and, when the applicant should know, an in-app notification. The
/// texts to send by SMS are collected and sent by the caller after commit (a rolled-back action sends nothing).
/// </summary>
internal sealed class CaseRecorder(CasesDbContext db, DateTimeOffset now)
{
    private readonly List<(string Subject, string Text)> messages = [];

    public IReadOnlyList<(string Subject, string Text)> Messages => messages;

    public void History(Case c, string action, CaseActor actor, string office, string? note, bool isPublic = true, int? status = null) =>
        db.History.Add(new CaseEntry
        {
            CaseId = c.Id, At = now, Action = action, Status = status ?? c.Status, ActorSubject = actor.Subject,
            ActorName = actor.Name, Office = office, Note = note, Public = isPublic,
        });

    public void Notify(Case c, string text)
    {
        db.Notifications.Add(new CaseNotification { RecipientSubject = c.ApplicantSubject, CaseId = c.Id, CaseNumber = c.Number ?? "", Text = text, CreatedAt = now });
        messages.Add((c.ApplicantSubject, text));
    }

    /// <summary>Audit + outbox. Call after SaveChanges (the case has its id) and before commit. The audit summary names
    /// the case and action only: no applicant data.</summary>
    public async Task PublishAsync(Case c, string eventType, CaseActor actor, long? departmentId, object? extra, CancellationToken ct)
    {
        await AuditLog.AppendAsync(db, new AuditRecord(
            actor.Subject, actor.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), eventType, "case", c.Number ?? c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{eventType} {c.Number} status {c.Status}"), now, ct);
        await EventOutbox.AppendAsync(db, new OutboxEvent(Guid.NewGuid(), eventType, departmentId ?? c.DepartmentId, c.Number ?? "", new
        {
            caseId = c.Id,
            number = c.Number,
            itemId = c.ServiceItemId,
            itemVersion = c.ItemVersion,
            statusCode = c.Status,
            stepIndex = c.StepIndex,
            dueOn = c.DueOn,
            detail = extra,
        }), now, ct);
    }
}
