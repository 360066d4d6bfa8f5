using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Results;

namespace OneWindow.Licences.Features.Keys;

public sealed record KeyView(string KeyId, long DepartmentId, string AgencyCode, string PublicKey, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt)
{
    public bool Current => RetiredAt == null;

    public static KeyView From(SigningKey k) => new(k.KeyId, k.DepartmentId, k.AgencyCode, k.PublicKey, k.CreatedAt, k.RetiredAt);
}

public sealed record AgencyView(long DepartmentId, string AgencyCode, string Name, string RegionCode)
{
    public static AgencyView From(IssuingAgency a) => new(a.DepartmentId, a.AgencyCode, a.Name, a.RegionCode);
}

/// <summary>Key rotation (the new key becomes current, old keys stay for verification) and agency codes; audited.</summary>
public sealed class KeyAdministration(LicencesDbContext db, AgencyKeys keys, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<KeyView>>> ListAsync(long departmentId, LicenceActor actor, CancellationToken ct)
    {
        if (!actor.RotatesKeysOf(departmentId))
        {
            return LicencesText.Fail(FailureKind.Forbidden, "licences.keys_forbidden");
        }

        var rows = await db.Keys.AsNoTracking().Where(k => k.DepartmentId == departmentId).OrderByDescending(k => k.Id).Take(100).ToListAsync(ct);
        return LicencesText.Ok<IReadOnlyList<KeyView>>(rows.Select(KeyView.From).ToList());
    }

    public async Task<Outcome<KeyView>> RotateAsync(long departmentId, LicenceActor actor, CancellationToken ct)
    {
        if (!actor.RotatesKeysOf(departmentId))
        {
            return LicencesText.Fail(FailureKind.Forbidden, "licences.rotate_forbidden");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Creates the agency (and a first key) when the department never signed anything.
        if (await keys.CurrentAsync(db, departmentId, now, ct) == null)
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.department_not_found");
        }

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.DepartmentId == departmentId, ct);
        var retired = await db.Keys.Where(k => k.DepartmentId == departmentId && k.RetiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
        var (keyId, _) = await keys.CreateKeyAsync(db, agency, now, ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), "licences.key_rotated",
            "licence_key", keyId, $"新签名密钥 {keyId}，停用 {retired} 个旧密钥 (new key, {retired} retired; they still verify)"), now, ct);
        await tx.CommitAsync(ct);
        var created = await db.Keys.AsNoTracking().SingleAsync(k => k.KeyId == keyId, ct);
        return LicencesText.Ok(KeyView.From(created));
    }

    public async Task<IReadOnlyList<AgencyView>> AgenciesAsync(CancellationToken ct) =>
        (await db.Agencies.AsNoTracking().OrderBy(a => a.DepartmentId).ToListAsync(ct)).Select(AgencyView.From).ToList();

    /// <summary>Platform admins set an agency's credit code (category 11, a government agency) and name. Existing
    /// licences keep the code they were signed with; keys created afterwards carry the new one.</summary>
    public async Task<Outcome<AgencyView>> UpdateAgencyAsync(long departmentId, string? agencyCode, string? name, LicenceActor actor, CancellationToken ct)
    {
        if (!actor.PlatformAdmin)
        {
            return LicencesText.Fail(FailureKind.Forbidden, "licences.agency_forbidden");
        }

        var code = (agencyCode ?? "").Trim().ToUpperInvariant();
        var errors = new Dictionary<string, string[]>();
        if (!UnifiedSocialCreditCode.IsValid(code) || !code.StartsWith("11", StringComparison.Ordinal))
        {
            errors["agencyCode"] = [LicencesText.T("licences.agency_code_format")];
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors["name"] = [LicencesText.T("licences.agency_name_required")];
        }

        if (errors.Count > 0)
        {
            return LicencesText.Invalid("licences.agency_invalid", errors);
        }

        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.DepartmentId == departmentId, ct);
        if (agency == null)
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.agency_not_found");
        }

        if (await db.Agencies.AnyAsync(a => a.AgencyCode == code && a.DepartmentId != departmentId, ct))
        {
            return LicencesText.Invalid("licences.agency_invalid", LicencesText.Field("agencyCode", "licences.agency_code_taken"));
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        agency.AgencyCode = code;
        agency.Name = name!.Trim();
        agency.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        // The current key is bound to the old code: retire it so the next licence is signed under the new code.
        var retired = await db.Keys.Where(k => k.DepartmentId == departmentId && k.RetiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
        await keys.CreateKeyAsync(db, agency, now, ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), "licences.agency_updated",
            "licence_agency", departmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"颁发机构代码改为 {code}，新密钥 (code changed, {retired} key(s) retired)"), now, ct);
        await tx.CommitAsync(ct);
        return LicencesText.Ok(AgencyView.From(agency));
    }
}
