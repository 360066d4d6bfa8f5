using OneWindow.Shared.Results;
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

    public async Task<Outcome<Licence>> GetAsync(string identifier, LicenceActor actor, CancellationToken ct)
    {
        var licence = await FindAsync(identifier, tracked: false, ct);
        if (licence == null)
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.licence_not_found");
        }

        // Outside the issuing department a licence is not found: its existence is personal data too.
        return actor.ReadsLicencesOf(licence.IssuerDepartmentId) ? LicencesText.Ok(licence)
            : LicencesText.Fail(FailureKind.NotFound, "licences.licence_not_found");
    }

    public async Task<Outcome<Licence>> ChangeAsync(string identifier, string action, string? reason, LicenceActor actor, CancellationToken ct)
    {
        var text = (reason ?? "").Trim();
        if (text.Length is < 2 or > 500)
        {
            return LicencesText.Invalid("licences.reason_invalid", LicencesText.Field("reason", "licences.reason_required"));
        }

        var licence = await FindAsync(identifier, tracked: true, ct);
        if (licence == null || !actor.ReadsLicencesOf(licence.IssuerDepartmentId))
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.licence_not_found");
        }

        if (!actor.ManagesLicencesOf(licence.IssuerDepartmentId))
        {
            return LicencesText.Fail(FailureKind.Forbidden, "licences.change_forbidden");
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
            return LicencesText.Fail(FailureKind.Conflict, "licences.state_conflict", licence.State, action);
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
        return LicencesText.Ok(licence);
    }

    private async Task<Licence?> FindAsync(string identifier, bool tracked, CancellationToken ct)
    {
        var text = (identifier ?? "").Trim().ToUpperInvariant();
        var query = tracked ? db.Licences : db.Licences.AsNoTracking();
        return await query.FirstOrDefaultAsync(l => l.Identifier == text, ct);
    }
}
