using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Audit;

namespace OneWindow.Identity.Features.Staff;

public enum StaffSignInStatus
{
    Succeeded,
    NeedsSecondFactor,
    Failed,
    LockedOut,
    Disabled,
}

/// <summary>What a staff sign-in came to: the session's claims on success, the subject waiting for its second factor,
/// the unlock time when locked.</summary>
public sealed record StaffSignInResult(StaffSignInStatus Status, string? Subject = null, IReadOnlyList<Claim>? Claims = null, CredentialResult? Credential = null)
{
    public DateTimeOffset? LockedUntil => Credential?.LockedUntil;
}

/// <summary>
/// Staff sign-in by user name and password through <see cref="CredentialGuard"/> (failure counting, lockout, audit).
/// An unknown user name and a wrong password get the same answer after the same work, so the form does not reveal
/// which user names exist. A disabled account is refused; it is told so only after the right password, for the
/// same reason, and its wrong passwords are not counted (it cannot sign in anyway).
/// </summary>
public sealed class StaffSignIn(IdentityDbContext db, CredentialGuard guard, IPasswordHasher<IHasCredentials> hasher, TimeProvider clock)
{
    public async Task<StaffSignInResult> CheckAsync(string? userName, string? password, CancellationToken ct)
    {
        var name = StaffAccountRules.Normalize(userName);
        var staff = StaffAccountRules.IsValidUserName(name)
            ? await db.Staff.Include(s => s.Roles).FirstOrDefaultAsync(s => s.UserName == name, ct)
            : null;
        if (staff?.DisabledAt != null)
        {
            return await RefuseDisabledAsync(staff, password, ct);
        }

        var subject = staff == null ? "staff:unknown" : Subjects.Staff(staff.Id);
        var result = await guard.CheckPasswordAsync(staff, password, subject, ct);
        return result.Status switch
        {
            CredentialStatus.Succeeded => new StaffSignInResult(StaffSignInStatus.Succeeded, subject, AccountClaims.ForStaff(staff!)),
            CredentialStatus.NeedsSecondFactor => new StaffSignInResult(StaffSignInStatus.NeedsSecondFactor, subject),
            CredentialStatus.LockedOut => new StaffSignInResult(StaffSignInStatus.LockedOut, Credential: result),
            _ => new StaffSignInResult(StaffSignInStatus.Failed),
        };
    }

    private async Task<StaffSignInResult> RefuseDisabledAsync(StaffMember staff, string? password, CancellationToken ct)
    {
        var right = hasher.VerifyHashedPassword(staff, staff.PasswordHash, password ?? "") != PasswordVerificationResult.Failed;
        var subject = Subjects.Staff(staff.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(subject, null, "identity.signin.refused", "staff",
            staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "登录被拒绝：账号已停用"), clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return new StaffSignInResult(right ? StaffSignInStatus.Disabled : StaffSignInStatus.Failed);
    }
}
