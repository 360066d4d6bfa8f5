using OneWindow.Shared.Results;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Keys;
using OneWindow.Licences.Features.Verification;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Organisation;

namespace OneWindow.Licences.Features.Sharing;

public sealed record GrantView(long Id, long LicenceId, string Identifier, string TypeName, long DepartmentId, string Purpose, DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int Uses)
{
    public bool LiveAt(DateTimeOffset now) => RevokedAt == null && ExpiresAt > now;
}

public sealed record SharedLicence(GrantView Grant, Licence Licence, string Status, string Reason);

/// <summary>
/// 用证授权: a holder shares one licence with a department for a purpose until a time (1-365 days); revocable at any
/// time. The department lists what is shared with it and reads a licence through a live grant; every read is logged
/// (licences_uses + audit), revoked or expired grants refuse.
/// </summary>
public sealed class ShareGrants(LicencesDbContext db, IOrganisationDirectory organisation, AgencyKeys keys, LicenceVerifier verifier, TimeProvider clock)
{
    public const int MaxDays = 365;

    public async Task<Outcome<GrantView>> GrantAsync(string holderCode, string grantedBy, long licenceId, long departmentId, string? purpose, int days, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var text = (purpose ?? "").Trim();
        if (text.Length is < 2 or > 200)
        {
            errors["Purpose"] = [LicencesText.T("licences.purpose_required")];
        }

        if (days is < 1 or > MaxDays)
        {
            errors["Days"] = [LicencesText.T("licences.days_range", MaxDays)];
        }

        if (await organisation.DepartmentAsync(departmentId, ct) == null)
        {
            errors["DepartmentId"] = [LicencesText.T("licences.department_required")];
        }

        var licence = await db.Licences.AsNoTracking().FirstOrDefaultAsync(l => l.Id == licenceId && l.HolderCode == holderCode, ct);
        if (licence == null)
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.licence_not_found");
        }

        if (errors.Count > 0)
        {
            return LicencesText.Invalid("licences.grant_invalid", errors);
        }

        var now = clock.GetUtcNow();
        var grant = new ShareGrant { LicenceId = licenceId, HolderCode = holderCode, GrantedBy = grantedBy, DepartmentId = departmentId, Purpose = text, ExpiresAt = now.AddDays(days), CreatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Grants.Add(grant);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(grantedBy, null, "licences.share_granted", "licence_grant", grant.Id.ToString(CultureInfo.InvariantCulture),
            $"{licence.TypeName} 授权部门 {departmentId} 使用 {days} 天 (shared with department {departmentId} for {days} days)"), now, ct);
        await tx.CommitAsync(ct);
        return LicencesText.Ok(View(grant, licence, 0));
    }

    public async Task<IReadOnlyList<GrantView>> ForLicenceAsync(string holderCode, long licenceId, CancellationToken ct)
    {
        var rows = await (from g in db.Grants.AsNoTracking()
                          join l in db.Licences.AsNoTracking() on g.LicenceId equals l.Id
                          where g.LicenceId == licenceId && g.HolderCode == holderCode
                          orderby g.Id descending
                          select new { g, l.Identifier, l.TypeName, Uses = db.Uses.Count(u => u.GrantId == g.Id) }).Take(100).ToListAsync(ct);
        return rows.Select(r => new GrantView(r.g.Id, r.g.LicenceId, r.Identifier, r.TypeName, r.g.DepartmentId, r.g.Purpose, r.g.ExpiresAt, r.g.CreatedAt, r.g.RevokedAt, r.Uses)).ToList();
    }

    public async Task<Outcome<GrantView>> RevokeAsync(string holderCode, string actor, long grantId, CancellationToken ct)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == grantId && g.HolderCode == holderCode, ct);
        if (grant == null)
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.grant_not_found");
        }

        var licence = await db.Licences.AsNoTracking().SingleAsync(l => l.Id == grant.LicenceId, ct);
        if (grant.RevokedAt != null)
        {
            return LicencesText.Ok(View(grant, licence, 0));
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        grant.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor, null, "licences.share_revoked", "licence_grant", grant.Id.ToString(CultureInfo.InvariantCulture),
            $"{licence.TypeName} 撤回授权 (grant revoked)"), now, ct);
        await tx.CommitAsync(ct);
        return LicencesText.Ok(View(grant, licence, 0));
    }

    /// <summary>Live grants to the department, newest first, keyset-paged by grant id.</summary>
    public async Task<(IReadOnlyList<GrantView> Rows, long? NextBefore)> SharedWithAsync(long departmentId, long? before, int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await (from g in db.Grants.AsNoTracking()
                          join l in db.Licences.AsNoTracking() on g.LicenceId equals l.Id
                          where g.DepartmentId == departmentId && g.RevokedAt == null && g.ExpiresAt > now && (before == null || g.Id < before)
                          orderby g.Id descending
                          select new { g, l.Identifier, l.TypeName }).Take(size + 1).ToListAsync(ct);
        var page = rows.Take(size).Select(r => new GrantView(r.g.Id, r.g.LicenceId, r.Identifier, r.TypeName, r.g.DepartmentId, r.g.Purpose, r.g.ExpiresAt, r.g.CreatedAt, null, 0)).ToList();
        long? next = rows.Count > size ? page[^1].Id : null;
        return (page, next);
    }

    /// <summary>The department reads the licence through the grant: refused when revoked (403) or expired (410); logged.</summary>
    public async Task<Outcome<SharedLicence>> UseAsync(long grantId, long departmentId, string usedBy, CancellationToken ct)
    {
        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId && g.DepartmentId == departmentId, ct);
        if (grant == null)
        {
            return LicencesText.Fail(FailureKind.NotFound, "licences.grant_not_found");
        }

        var now = clock.GetUtcNow();
        if (grant.RevokedAt != null)
        {
            return LicencesText.Fail(FailureKind.Forbidden, "licences.grant_revoked");
        }

        if (grant.ExpiresAt <= now)
        {
            return LicencesText.Fail(FailureKind.Gone, "licences.grant_expired");
        }

        var licence = await db.Licences.AsNoTracking().SingleAsync(l => l.Id == grant.LicenceId, ct);
        var keyMap = await keys.PublicKeysAsync([licence.KeyId], ct);
        var check = verifier.Judge(licence, keyMap);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Uses.Add(new ShareUse { GrantId = grant.Id, UsedBy = usedBy, UsedAt = now });
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(usedBy, departmentId.ToString(CultureInfo.InvariantCulture), "licences.share_used", "licence_grant",
            grant.Id.ToString(CultureInfo.InvariantCulture), $"{licence.TypeName} 依授权用证 (read under grant)"), now, ct);
        await tx.CommitAsync(ct);
        var uses = await db.Uses.CountAsync(u => u.GrantId == grant.Id, ct);
        return LicencesText.Ok(new SharedLicence(View(grant, licence, uses), licence, LicenceVerifier.PublicStatus(check.Status), check.Reason));
    }

    private static GrantView View(ShareGrant g, Licence l, int uses) =>
        new(g.Id, g.LicenceId, l.Identifier, l.TypeName, g.DepartmentId, g.Purpose, g.ExpiresAt, g.CreatedAt, g.RevokedAt, uses);
}
