using OneWindow.Shared.Results;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Shared.Data;
using OneWindow.Shared.Messaging;

namespace OneWindow.Cases.Features.Workflow;

/// <summary>One transaction per action: the case row (checked against its revision), history, notifications, audit and
/// outbox commit together or not at all.</summary>
internal static class CaseTransactions
{
    /// <param name="prepare">Runs first inside the transaction (e.g. inserting a new case to get its id).</param>
    public static async Task<Outcome<Case>> CommitAsync(CasesDbContext db, Case c, CaseRecorder recorder, string eventType, CaseActor actor, object? extra, CancellationToken ct,
        long? eventDepartment = null, Func<Task>? prepare = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (prepare != null)
            {
                await prepare();
            }

            await db.SaveChangesAsync(ct);
            await recorder.PublishAsync(c, eventType, actor, eventDepartment, extra, ct);
            await tx.CommitAsync(ct);
            return c;
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return CaseFailures.Stale();
        }
        catch (CaseRefusedException e)
        {
            // Something the action needs inside its transaction failed (e.g. issuing the result licence): nothing stays.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return e.Failure;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // A unique index refused the change (a racing duplicate submission): nothing was written.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return CaseFailures.Conflict("cases.application_was_already_submitted");
        }
    }

    /// <summary>SMS after commit, best effort: a failed text never undoes the action (the in-app notification stands).</summary>
    public static async Task SendMessagesAsync(IApplicantMessenger messenger, CaseRecorder recorder, CancellationToken ct)
    {
        foreach (var (subject, text) in recorder.Messages)
        {
            try
            {
                await messenger.NotifyAsync(subject, text, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The message gateway is down; the notification is in the applicant's inbox.
            }
        }
    }
}
