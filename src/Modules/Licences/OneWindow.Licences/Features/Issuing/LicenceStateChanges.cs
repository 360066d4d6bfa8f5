using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Events;

namespace OneWindow.Licences.Features.Issuing;

/// <summary>Revoke (注销, final), suspend (暂停使用) and resume a licence, by staff of the issuing department, with a
/// reason; audited and announced through the outbox (licence.revoked, licence.suspended, licence.resumed) in one transaction.</summary>
public sealed class LicenceStateChanges(LicencesDbContext db, TimeProvider clock)
{
    public const string Revoke = "revoke";
    public const string Suspend = "suspend";
    public const string Resume = "resume";

    public async Task<LicenceOutcome<Licence>> GetAsync(string identifier, LicenceActor actor, CancellationToken ct)
    {
        var licence = await FindAsync(identifier, tracked: false, ct);
        if (licence == null)
        {
            return LicenceOutcome<Licence>.Fail(LicenceOutcomeStatus.NotFound, "没有此证照 (no such licence)");
        }

        // Outside the issuing department a licence is not found: its existence is personal data too.
        return actor.ReadsLicencesOf(licence.IssuerDepartmentId) ? LicenceOutcome<Licence>.Ok(licence)
            : LicenceOutcome<Licence>.Fail(LicenceOutcomeStatus.NotFound, "没有此证照 (no such licence)");
    }

    public async Task<LicenceOutcome<Licence>> ChangeAsync(string identifier, string action, string? reason, LicenceActor actor, CancellationToken ct)
    {
        var text = (reason ?? "").Trim();
        if (text.Length is < 2 or > 500)
        {
            return LicenceOutcome<Licence>.Invalid(new Dictionary<string, string[]> { ["reason"] = ["请填写原因（2-500字） (reason required, 2-500 characters)"] }, "原因有误 (reason invalid)");
        }

        var licence = await FindAsync(identifier, tracked: true, ct);
        if (licence == null || !actor.ReadsLicencesOf(licence.IssuerDepartmentId))
        {
            return LicenceOutcome<Licence>.Fail(LicenceOutcomeStatus.NotFound, "没有此证照 (no such licence)");
        }

        if (!actor.ManagesLicencesOf(licence.IssuerDepartmentId))
        {
            return LicenceOutcome<Licence>.Fail(LicenceOutcomeStatus.Forbidden, "只有颁发部门的审批人员或部门管理员可以变更证照状态 (only the issuing department's reviewers or admins change a licence's state)");
        }

        var (from, to, eventType) = action switch
        {
            Revoke => (new[] { LicenceStates.Active, LicenceStates.Suspended }, LicenceStates.Revoked, "licence.revoked"),
            Suspend => ([LicenceStates.Active], LicenceStates.Suspended, "licence.suspended"),
            Resume => ([LicenceStates.Suspended], LicenceStates.Active, "licence.resumed"),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        if (!from.Contains(licence.State))
        {
            return LicenceOutcome<Licence>.Fail(LicenceOutcomeStatus.Conflict, $"证照当前状态为 {licence.State}，不能{action} (the licence is {licence.State}; cannot {action})");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        licence.State = to;
        licence.StateReason = text;
        licence.StateChangedAt = now;
        await db.SaveChangesAsync(ct);
        var department = licence.IssuerDepartmentId.ToString(CultureInfo.InvariantCulture);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(CultureInfo.InvariantCulture), "licences." + to switch
        {
            LicenceStates.Revoked => "revoked",
            LicenceStates.Suspended => "suspended",
            _ => "resumed",
        }, "licence", licence.Identifier, $"{licence.TypeName} {action}"), now, ct);
        await EventOutbox.AppendAsync(db, new OutboxEvent(Guid.NewGuid(), eventType, licence.IssuerDepartmentId, "licence:" + licence.Identifier,
            new { identifier = licence.Identifier, typeCode = licence.TypeCode, typeName = licence.TypeName, state = to, reason = text, issuerDepartmentId = department }), now, ct);
        await tx.CommitAsync(ct);
        return LicenceOutcome<Licence>.Ok(licence);
    }

    private async Task<Licence?> FindAsync(string identifier, bool tracked, CancellationToken ct)
    {
        var text = (identifier ?? "").Trim().ToUpperInvariant();
        var query = tracked ? db.Licences : db.Licences.AsNoTracking();
        return await query.FirstOrDefaultAsync(l => l.Identifier == text, ct);
    }
}
