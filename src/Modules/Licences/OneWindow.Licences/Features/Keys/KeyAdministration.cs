using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Codes;

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
    public async Task<LicenceOutcome<IReadOnlyList<KeyView>>> ListAsync(long departmentId, LicenceActor actor, CancellationToken ct)
    {
        if (!actor.RotatesKeysOf(departmentId))
        {
            return LicenceOutcome<IReadOnlyList<KeyView>>.Fail(LicenceOutcomeStatus.Forbidden, "只有平台管理员或本部门管理员可以管理签名密钥 (only platform admins or this department's admins manage its keys)");
        }

        var rows = await db.Keys.AsNoTracking().Where(k => k.DepartmentId == departmentId).OrderByDescending(k => k.Id).Take(100).ToListAsync(ct);
        return LicenceOutcome<IReadOnlyList<KeyView>>.Ok(rows.Select(KeyView.From).ToList());
    }

    public async Task<LicenceOutcome<KeyView>> RotateAsync(long departmentId, LicenceActor actor, CancellationToken ct)
    {
        if (!actor.RotatesKeysOf(departmentId))
        {
            return LicenceOutcome<KeyView>.Fail(LicenceOutcomeStatus.Forbidden, "只有平台管理员或本部门管理员可以轮换签名密钥 (only platform admins or this department's admins rotate its keys)");
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Creates the agency (and a first key) when the department never signed anything.
        if (await keys.CurrentAsync(db, departmentId, now, ct) == null)
        {
            return LicenceOutcome<KeyView>.Fail(LicenceOutcomeStatus.NotFound, "部门不存在 (no such department)");
        }

        var agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.DepartmentId == departmentId, ct);
        var retired = await db.Keys.Where(k => k.DepartmentId == departmentId && k.RetiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
        var (keyId, _) = await keys.CreateKeyAsync(db, agency, now, ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), "licences.key_rotated",
            "licence_key", keyId, $"新签名密钥 {keyId}，停用 {retired} 个旧密钥 (new key, {retired} retired; they still verify)"), now, ct);
        await tx.CommitAsync(ct);
        var created = await db.Keys.AsNoTracking().SingleAsync(k => k.KeyId == keyId, ct);
        return LicenceOutcome<KeyView>.Ok(KeyView.From(created));
    }

    public async Task<IReadOnlyList<AgencyView>> AgenciesAsync(CancellationToken ct) =>
        (await db.Agencies.AsNoTracking().OrderBy(a => a.DepartmentId).ToListAsync(ct)).Select(AgencyView.From).ToList();

    /// <summary>Platform admins set an agency's credit code (category 11, a government agency) and name. Existing
    /// licences keep the code they were signed with; keys created afterwards carry the new one.</summary>
    public async Task<LicenceOutcome<AgencyView>> UpdateAgencyAsync(long departmentId, string? agencyCode, string? name, LicenceActor actor, CancellationToken ct)
    {
        if (!actor.PlatformAdmin)
        {
            return LicenceOutcome<AgencyView>.Fail(LicenceOutcomeStatus.Forbidden, "只有平台管理员可以修改颁发机构 (only platform admins edit issuing agencies)");
        }

        var code = (agencyCode ?? "").Trim().ToUpperInvariant();
        var errors = new Dictionary<string, string[]>();
        if (!UnifiedSocialCreditCode.IsValid(code) || !code.StartsWith("11", StringComparison.Ordinal))
        {
            errors["agencyCode"] = ["应为以 11 开头的有效统一社会信用代码（机关） (must be a valid credit code of a government agency, starting with 11)"];
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors["name"] = ["请填写机构名称（不超过200字） (name required, at most 200 characters)"];
        }

        if (errors.Count > 0)
        {
            return LicenceOutcome<AgencyView>.Invalid(errors, "颁发机构信息有误 (agency fields invalid)");
        }

        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.DepartmentId == departmentId, ct);
        if (agency == null)
        {
            return LicenceOutcome<AgencyView>.Fail(LicenceOutcomeStatus.NotFound, "没有此颁发机构 (no such agency)");
        }

        if (await db.Agencies.AnyAsync(a => a.AgencyCode == code && a.DepartmentId != departmentId, ct))
        {
            return LicenceOutcome<AgencyView>.Invalid(new Dictionary<string, string[]> { ["agencyCode"] = ["此代码已属于另一机构 (code used by another agency)"] }, "颁发机构信息有误 (agency fields invalid)");
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
        return LicenceOutcome<AgencyView>.Ok(AgencyView.From(agency));
    }
}
