using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Codes;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Audit;
using OneWindow.Shared;
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features.Account;

public sealed record CitizenSignInResult(CredentialResult Credential, Citizen? Citizen);

public enum AccountChange
{
    Done,
    WrongCode,
    NoLiveCode,
    InvalidPassword,
    WrongPassword,
    Unavailable,
}

/// <summary>
/// What a citizen does with their own account: sign in by ID number and password, prove their phone (raising the
/// assurance level to L2), reset a forgotten password by a code to that phone. Every change is audited in its transaction.
/// </summary>
public sealed class CitizenAccounts(IdentityDbContext db, IdentityProtector protector, CredentialGuard guard, OneTimeCodes codes,
    IPasswordHasher<IHasCredentials> hasher, Sessions.AccountSessions sessions, TimeProvider clock)
{
    public async Task<CitizenSignInResult> SignInAsync(string? idNumber, string? password, CancellationToken ct)
    {
        var citizen = await FindAsync(idNumber, ct);
        var result = await guard.CheckPasswordAsync(citizen, password, citizen == null ? "unknown" : Subjects.Citizen(citizen.Id), ct);
        return new CitizenSignInResult(result, citizen);
    }

    public Task<Citizen?> GetAsync(long id, CancellationToken ct) => db.Citizens.FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<CodeIssue> SendPhoneVerificationAsync(long citizenId, CancellationToken ct)
    {
        var citizen = await db.Citizens.AsNoTracking().FirstAsync(c => c.Id == citizenId, ct);
        return await codes.IssueAsync(citizen, CodePurposes.VerifyPhone, ct);
    }

    /// <summary>The right code proves the phone: the account rises to L2 (it never falls from L3).</summary>
    public async Task<AccountChange> VerifyPhoneAsync(long citizenId, string? code, CancellationToken ct)
    {
        var check = await codes.CheckAsync(citizenId, CodePurposes.VerifyPhone, code, ct);
        if (check != CodeCheckStatus.Ok)
        {
            return check == CodeCheckStatus.Wrong ? AccountChange.WrongCode : AccountChange.NoLiveCode;
        }

        var now = clock.GetUtcNow();
        var citizen = await db.Citizens.FirstAsync(c => c.Id == citizenId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        citizen.PhoneVerifiedAt = now;
        var raised = citizen.AssuranceLevel < AssuranceLevel.IdVerified;
        if (raised)
        {
            citizen.AssuranceLevel = AssuranceLevel.IdVerified;
            citizen.AssuranceChangedAt = now;
        }

        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(citizenId), null, "identity.citizen.phone_verified", "citizen", citizenId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            raised ? "手机号验证通过，认证等级升至 L2（实名核验）" : "手机号验证通过"), now, ct);
        await transaction.CommitAsync(ct);
        return AccountChange.Done;
    }

    /// <summary>Sends a reset code when the number is registered. The caller shows the same answer either way.</summary>
    public async Task<CodeIssue> SendPasswordResetAsync(string? idNumber, CancellationToken ct)
    {
        var citizen = await FindAsync(idNumber, ct);
        return citizen == null ? new CodeIssue(CodeIssueStatus.Sent) : await codes.IssueAsync(citizen, CodePurposes.ResetPassword, ct);
    }

    /// <summary>A right code sets the new password and lifts a lockout.</summary>
    public async Task<AccountChange> ResetPasswordAsync(string? idNumber, string? code, string? newPassword, CancellationToken ct)
    {
        if (PasswordRules.Problem(newPassword) != null)
        {
            return AccountChange.InvalidPassword;
        }

        var citizen = await FindAsync(idNumber, ct);
        if (citizen == null)
        {
            return AccountChange.NoLiveCode;
        }

        var check = await codes.CheckAsync(citizen.Id, CodePurposes.ResetPassword, code, ct);
        if (check != CodeCheckStatus.Ok)
        {
            return check == CodeCheckStatus.Wrong ? AccountChange.WrongCode : AccountChange.NoLiveCode;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        citizen.PasswordHash = hasher.HashPassword(citizen, newPassword!);
        citizen.FailedSignIns = 0;
        citizen.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(citizen.Id), null, "identity.citizen.password_reset", "citizen",
            citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "通过短信验证码重置密码"), now, ct);
        // Whoever knew the old password may hold a session: a reset ends them all.
        await sessions.EndAllWithinAsync(OneWindow.Shared.Security.PlatformClaims.KindCitizen, citizen.Id, null, Domain.SessionEndReasons.PasswordReset, Subjects.Citizen(citizen.Id), now, ct);
        await transaction.CommitAsync(ct);
        return AccountChange.Done;
    }

    /// <summary>修改密码: with the current password. Every other session of the account ends (whoever knew the old
    /// password may hold one); the one making the change stays signed in.</summary>
    public async Task<AccountChange> ChangePasswordAsync(long citizenId, string? currentPassword, string? newPassword, string? currentSid, CancellationToken ct)
    {
        var citizen = await db.Citizens.FirstAsync(c => c.Id == citizenId, ct);
        if (hasher.VerifyHashedPassword(citizen, citizen.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            return AccountChange.WrongPassword;
        }

        if (PasswordRules.Problem(newPassword) != null)
        {
            return AccountChange.InvalidPassword;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        citizen.PasswordHash = hasher.HashPassword(citizen, newPassword!);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(citizen.Id), null, "identity.citizen.password_changed", "citizen",
            citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "修改密码"), now, ct);
        await sessions.EndAllWithinAsync(OneWindow.Shared.Security.PlatformClaims.KindCitizen, citizen.Id, currentSid, Domain.SessionEndReasons.PasswordChanged, Subjects.Citizen(citizen.Id), now, ct);
        await transaction.CommitAsync(ct);
        return AccountChange.Done;
    }

    /// <summary>A tracked citizen by ID number (blind index lookup), or null for malformed or unknown numbers.</summary>
    private async Task<Citizen?> FindAsync(string? idNumber, CancellationToken ct)
    {
        var index = protector.CitizenIdNumberIndex(idNumber, ChinaTime.Today(clock));
        return index == null ? null : await db.Citizens.FirstOrDefaultAsync(c => c.IdNumberIndex == index, ct);
    }
}

/// <summary>The platform's password rule: long enough, letters and digits. One place for registration, reset and staff.</summary>
public static class PasswordRules
{
    public const int MinLength = 10;

    public static string? Problem(string? password) =>
        password == null || password.Length < MinLength || password.Length > 128 || !password.Any(char.IsAsciiLetter) || !password.Any(char.IsAsciiDigit)
            ? IdentityText.T("identity.password_rule", MinLength)
            : null;
}
