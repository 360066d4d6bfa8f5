using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Audit;
using OneWindow.Shared;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Account;

/// <summary>A citizen as a window officer sees them at the counter. The full ID number is filled only for a reveal,
/// which is audited as a view of personal data.</summary>
public sealed record CitizenAtCounter(long Id, string Name, string IdNumberMasked, string? IdNumberFull, string PhoneMasked, AssuranceLevel Level);

/// <summary>
/// 现场核验 (L3): at a service hall a window officer types the number from the ID card in front of them, compares
/// the person with the card, and confirms. Looking a citizen up, revealing the full number and confirming are each
/// audited with the officer and their department; only window officers (and the platform admin) may do any of it.
/// </summary>
public sealed class InPersonVerification(IdentityDbContext db, IdentityProtector protector, TimeProvider clock)
{
    public static bool MayUse(PlatformPrincipal officer) =>
        officer.IsStaff && (officer.Roles.Contains(StaffRoles.WindowOfficer) || officer.Roles.Contains(StaffRoles.PlatformAdmin));

    /// <summary>Finds the citizen by the number on the card. Null for unknown numbers (also audited: lookups are views).</summary>
    public async Task<CitizenAtCounter?> LookUpAsync(PlatformPrincipal officer, string? idNumber, bool revealFullNumber, CancellationToken ct)
    {
        Require(officer);
        var now = clock.GetUtcNow();
        var index = protector.CitizenIdNumberIndex(idNumber, ChinaTime.Today(clock));
        if (index == null)
        {
            return null;
        }

        var citizen = await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.IdNumberIndex == index, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(officer.Subject, Department(officer),
            revealFullNumber ? "identity.citizen.pii_revealed" : "identity.citizen.viewed", "citizen", citizen?.Id.ToString(CultureInfo.InvariantCulture) ?? "not-found",
            citizen == null ? "窗口按身份证号查询个人用户：未找到" : revealFullNumber ? "窗口查看个人用户完整身份证号" : "窗口按身份证号查询个人用户"), now, ct);
        await transaction.CommitAsync(ct);
        return citizen == null ? null : new CitizenAtCounter(citizen.Id, citizen.Name, citizen.IdNumberMasked,
            revealFullNumber ? protector.Decrypt(citizen.IdNumberCipher, ProtectedFields.CitizenIdNumber) : null, citizen.PhoneMasked, citizen.AssuranceLevel);
    }

    /// <summary>Raises the citizen to L3. Idempotent: confirming an L3 citizen again changes nothing but is still recorded.</summary>
    public async Task<bool> ConfirmAsync(PlatformPrincipal officer, long citizenId, CancellationToken ct)
    {
        Require(officer);
        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Id == citizenId, ct);
        if (citizen == null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        citizen.AssuranceLevel = AssuranceLevel.InPerson;
        citizen.AssuranceChangedAt = now;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(officer.Subject, Department(officer), "identity.citizen.verified_in_person", "citizen",
            citizenId.ToString(CultureInfo.InvariantCulture), "窗口现场核验身份证件与本人一致，认证等级升至 L3"), now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static void Require(PlatformPrincipal officer)
    {
        if (!MayUse(officer))
        {
            throw new UnauthorizedAccessException("Only window officers may look up citizens at the counter.");
        }
    }

    private static string? Department(PlatformPrincipal officer) => officer.DepartmentId?.ToString(CultureInfo.InvariantCulture);
}
