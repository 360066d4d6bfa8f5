using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Audit;

namespace OneWindow.Identity.Features.SignIn;

public enum CredentialStatus
{
    Succeeded,
    NeedsSecondFactor,
    Failed,
    LockedOut,
}

public sealed record CredentialResult(CredentialStatus Status, DateTimeOffset? LockedUntil = null);

/// <summary>Lockout policy: after MaxFailures wrong passwords or codes in a row the account is locked for LockoutMinutes.</summary>
public sealed class SignInSettings
{
    public int MaxFailures { get; init; } = 5;

    public int LockoutMinutes { get; init; } = 15;
}

/// <summary>
/// Checks a password and then a second factor for any account kind, counting failures atomically (two wrong tries
/// at once both count) and locking the account after too many. Every outcome is audited in the same transaction as
/// the counter change; the audit names the account, never what was typed.
/// </summary>
public sealed class CredentialGuard(IdentityDbContext db, IPasswordHasher<IHasCredentials> hasher, IdentityProtector protector, SignInSettings settings, TimeProvider clock)
{
    // A hash of nothing in particular: verifying against it for unknown accounts makes their answer take as long.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<IHasCredentials>().HashPassword(null!, "unknown-account-placeholder"));

    public async Task<CredentialResult> CheckPasswordAsync(IHasCredentials? account, string? password, string subject, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (account == null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password ?? "");
            await AuditAsync("anonymous", "identity.signin.failed", "account", "unknown", "登录失败：账号不存在", now, ct);
            await transaction.CommitAsync(ct);
            return new CredentialResult(CredentialStatus.Failed);
        }

        if (account.LockedUntil > now)
        {
            await AuditAsync(subject, "identity.signin.refused", subject, "登录被拒绝：账号已锁定", now, ct);
            await transaction.CommitAsync(ct);
            return new CredentialResult(CredentialStatus.LockedOut, account.LockedUntil);
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            var result = await CountFailureAsync(account, subject, "密码错误", now, ct);
            await transaction.CommitAsync(ct);
            return result;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password!);
        }

        if (account.TotpSecretCipher != null)
        {
            // The failure count is kept until the second factor succeeds too: guessing codes also counts.
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new CredentialResult(CredentialStatus.NeedsSecondFactor);
        }

        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        await AuditAsync(subject, "identity.signin.succeeded", subject, "登录成功（密码）", now, ct);
        await transaction.CommitAsync(ct);
        return new CredentialResult(CredentialStatus.Succeeded);
    }

    /// <summary>Checks an authenticator-app code after the password was accepted. A code is good once only.</summary>
    public async Task<CredentialResult> CheckSecondFactorAsync(IHasCredentials account, string? code, string subject, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (account.LockedUntil > now)
        {
            await AuditAsync(subject, "identity.signin.refused", subject, "登录被拒绝：账号已锁定", now, ct);
            await transaction.CommitAsync(ct);
            return new CredentialResult(CredentialStatus.LockedOut, account.LockedUntil);
        }

        var secret = account.TotpSecretCipher == null ? null : protector.DecryptBytes(account.TotpSecretCipher, ProtectedFields.TotpSecret);
        var step = secret == null ? null : Totp.Match(secret, code, now, account.TotpLastStep);
        // Claim the step atomically: of two requests with the same code, only one moves TotpLastStep forward.
        var claimed = step is { } s && account switch
        {
            Citizen => await ClaimStepAsync(db.Citizens, account.Id, s, ct),
            StaffMember => await ClaimStepAsync(db.Staff, account.Id, s, ct),
            _ => throw new NotSupportedException(account.GetType().Name),
        };
        if (!claimed)
        {
            var result = await CountFailureAsync(account, subject, "动态验证码错误", now, ct);
            await transaction.CommitAsync(ct);
            return result;
        }

        account.TotpLastStep = step!.Value;
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        await AuditAsync(subject, "identity.signin.succeeded", subject, "登录成功（密码 + 动态验证码）", now, ct);
        await transaction.CommitAsync(ct);
        db.Entry(account).State = EntityState.Unchanged;
        return new CredentialResult(CredentialStatus.Succeeded);
    }

    private static async Task<bool> ClaimStepAsync<T>(DbSet<T> set, long id, long step, CancellationToken ct) where T : class, IHasCredentials =>
        await set.Where(a => a.Id == id && a.TotpLastStep < step)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.TotpLastStep, step).SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, (DateTimeOffset?)null), ct) == 1;

    // Accounts may arrive typed as the interface (second factor by subject): the table follows the runtime type.
    private Task<CredentialResult> CountFailureAsync(IHasCredentials account, string subject, string what, DateTimeOffset now, CancellationToken ct) => account switch
    {
        Citizen => CountFailureAsync(db.Citizens, account, subject, what, now, ct),
        StaffMember => CountFailureAsync(db.Staff, account, subject, what, now, ct),
        _ => throw new NotSupportedException(account.GetType().Name),
    };

    private async Task<CredentialResult> CountFailureAsync<T>(DbSet<T> set, IHasCredentials account, string subject, string what, DateTimeOffset now, CancellationToken ct) where T : class, IHasCredentials
    {
        await set.Where(a => a.Id == account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var failures = await set.Where(a => a.Id == account.Id).Select(a => a.FailedSignIns).SingleAsync(ct);
        if (failures < settings.MaxFailures)
        {
            await AuditAsync(subject, "identity.signin.failed", subject, $"登录失败：{what}（连续第{failures}次）", now, ct);
            return new CredentialResult(CredentialStatus.Failed);
        }

        var until = now.AddMinutes(settings.LockoutMinutes);
        await set.Where(a => a.Id == account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, until), ct);
        await AuditAsync(subject, "identity.signin.locked", subject, $"连续{failures}次登录失败，账号锁定{settings.LockoutMinutes}分钟", now, ct);
        return new CredentialResult(CredentialStatus.LockedOut, until);
    }

    private Task AuditAsync(string actor, string action, string subject, string summary, DateTimeOffset now, CancellationToken ct)
    {
        var (kind, id) = Subjects.Split(subject);
        return AuditAsync(actor, action, kind, id, summary, now, ct);
    }

    private Task AuditAsync(string actor, string action, string targetType, string targetId, string summary, DateTimeOffset now, CancellationToken ct) =>
        AuditLog.AppendAsync(db, new AuditRecord(actor, null, action, targetType, targetId, summary), now, ct);
}

/// <summary>Formats account subjects the same way everywhere ("citizen:12", "staff:3").</summary>
public static class Subjects
{
    public static string Citizen(long id) => "citizen:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Staff(long id) => "staff:" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>"citizen:12" → ("citizen", "12"): the audit entry's target type and id.</summary>
    public static (string Kind, string Id) Split(string subject)
    {
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (subject[..colon], subject[(colon + 1)..]) : ("account", subject);
    }

    /// <summary>Reads "citizen:12" or "staff:3"; false for anything else (clients, malformed values).</summary>
    public static bool TryParse(string? subject, out string kind, out long id)
    {
        (kind, var digits) = subject == null ? ("", "") : Split(subject);
        id = 0;
        return kind is "citizen" or "staff" && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    /// <summary>Reads an applicant subject: "citizen:12" or "enterprise:5"; false for anything else.</summary>
    public static bool TryParseApplicant(string? subject, out string kind, out long id)
    {
        (kind, var digits) = subject == null ? ("", "") : Split(subject);
        id = 0;
        return kind is "citizen" or "enterprise" && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
