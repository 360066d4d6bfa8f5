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

/// <summary>What a password or code check came to. <see cref="CredentialStatus.LockedOut"/> means "wait": until
/// <see cref="LockedUntil"/>, because of this account's failures or (<see cref="ByAddress"/>) of the address's.</summary>
public sealed record CredentialResult(CredentialStatus Status, DateTimeOffset? LockedUntil = null, bool ByAddress = false)
{
    /// <summary>Whole minutes left to wait, at least 1 ("请 N 分钟后再试").</summary>
    public int WaitMinutes(DateTimeOffset now) => LockedUntil is { } until ? Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes)) : 1;
}

/// <summary>
/// Throttling policy (Identity:SignIn). An account is never locked for long: after <see cref="FreeFailures"/> wrong
/// passwords or codes in a row each further failure makes it wait, starting at <see cref="FirstWaitSeconds"/> and
/// doubling up to <see cref="MaxWaitMinutes"/>; attempts during the wait are refused without checking the password and
/// do not count, and a success resets. Guessing across accounts is bounded per client address: more than
/// <see cref="AddressMaxFailures"/> failures in a window of <see cref="AddressWindowMinutes"/> and that address waits
/// for the next window, whatever account it tries.
/// </summary>
public sealed class SignInSettings
{
    public int FreeFailures { get; init; } = 5;

    public int FirstWaitSeconds { get; init; } = 60;

    public int MaxWaitMinutes { get; init; } = 5;

    public int AddressMaxFailures { get; init; } = 30;

    public int AddressWindowMinutes { get; init; } = 15;

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row, or null while it is still free.</summary>
    public TimeSpan? WaitAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return null;
        }

        var doublings = Math.Min(failures - FreeFailures, 20);
        var seconds = Math.Min((double)FirstWaitSeconds * Math.Pow(2, doublings), MaxWaitMinutes * 60.0);
        return TimeSpan.FromSeconds(seconds);
    }
}

/// <summary>
/// Checks a password and then a second factor for any account kind, counting failures atomically (two wrong tries
/// at once both count) and making the account wait, progressively, after too many (<see cref="SignInSettings"/>); failures
/// are also counted per client address across accounts. Every outcome is audited in the same transaction as the
/// counter change; the audit names the account, never what was typed or the address.
/// </summary>
public sealed class CredentialGuard(IdentityDbContext db, IPasswordHasher<IHasCredentials> hasher, IdentityProtector protector, SignInSettings settings, TimeProvider clock,
    Microsoft.AspNetCore.Http.IHttpContextAccessor http)
{
    // A hash of nothing in particular: verifying against it for unknown accounts makes their answer take as long.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<IHasCredentials>().HashPassword(null!, "unknown-account-placeholder"));

    public async Task<CredentialResult> CheckPasswordAsync(IHasCredentials? account, string? password, string subject, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await AddressWaitAsync(now, ct) is { } addressWait)
        {
            await AuditAsync(account == null ? "anonymous" : subject, "identity.signin.refused", account == null ? "account" : Subjects.Split(subject).Kind,
                account == null ? "unknown" : Subjects.Split(subject).Id, "登录被拒绝：来源地址失败次数过多，需等待", now, ct);
            await transaction.CommitAsync(ct);
            return addressWait;
        }

        if (account == null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password ?? "");
            await CountAddressFailureAsync(now, ct);
            await AuditAsync("anonymous", "identity.signin.failed", "account", "unknown", "登录失败：账号不存在", now, ct);
            await transaction.CommitAsync(ct);
            return new CredentialResult(CredentialStatus.Failed);
        }

        if (account.LockedUntil > now)
        {
            // Refused without looking at the password, and not counted: waiting is all it takes.
            await AuditAsync(subject, "identity.signin.refused", subject, "登录被拒绝：失败次数过多，等待中", now, ct);
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
        if (await AddressWaitAsync(now, ct) is { } addressWait)
        {
            await AuditAsync(subject, "identity.signin.refused", subject, "登录被拒绝：来源地址失败次数过多，需等待", now, ct);
            await transaction.CommitAsync(ct);
            return addressWait;
        }

        if (account.LockedUntil > now)
        {
            await AuditAsync(subject, "identity.signin.refused", subject, "登录被拒绝：失败次数过多，等待中", now, ct);
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
        await CountAddressFailureAsync(now, ct);
        await set.Where(a => a.Id == account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var failures = await set.Where(a => a.Id == account.Id).Select(a => a.FailedSignIns).SingleAsync(ct);
        if (settings.WaitAfter(failures) is not { } wait)
        {
            await AuditAsync(subject, "identity.signin.failed", subject, $"登录失败：{what}（连续第{failures}次）", now, ct);
            return new CredentialResult(CredentialStatus.Failed);
        }

        // The counter is kept (the next failure after the wait doubles it); only a success resets it.
        var until = now + wait;
        await set.Where(a => a.Id == account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.LockedUntil, until), ct);
        account.LockedUntil = until;
        await AuditAsync(subject, "identity.signin.throttled", subject, $"连续{failures}次登录失败，需等待{(int)wait.TotalSeconds}秒后再试", now, ct);
        return new CredentialResult(CredentialStatus.LockedOut, until);
    }

    // Failures per client address, across accounts, in fixed windows; the address is kept only as a keyed hash.
    private long Window(DateTimeOffset now) => now.ToUnixTimeSeconds() / 60 / Math.Max(1, settings.AddressWindowMinutes);

    private string AddressKey() =>
        protector.BlindIndex(http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown", ProtectedFields.SignInAddress);

    private async Task<CredentialResult?> AddressWaitAsync(DateTimeOffset now, CancellationToken ct)
    {
        var key = AddressKey();
        var window = Window(now);
        var failures = await db.AddressFailures.AsNoTracking().Where(f => f.AddressKey == key && f.WindowNumber == window).Select(f => f.Failures).FirstOrDefaultAsync(ct);
        if (failures < settings.AddressMaxFailures)
        {
            return null;
        }

        var windowEnd = DateTimeOffset.FromUnixTimeSeconds((window + 1) * 60 * Math.Max(1, settings.AddressWindowMinutes));
        return new CredentialResult(CredentialStatus.LockedOut, windowEnd, ByAddress: true);
    }

    private async Task CountAddressFailureAsync(DateTimeOffset now, CancellationToken ct)
    {
        var key = AddressKey();
        var window = Window(now);
        // One statement on both providers, safe when several nodes count the same address at once.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO identity_address_failures (address_key, window_number, failures) VALUES ({key}, {window}, 1) ON CONFLICT (address_key, window_number) DO UPDATE SET failures = identity_address_failures.failures + 1", ct);
        if (Random.Shared.Next(50) == 0)
        {
            // Now and then, forget the windows that are over.
            var old = window - 1;
            await db.AddressFailures.Where(f => f.WindowNumber < old).ExecuteDeleteAsync(ct);
        }
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

/// <summary>What a person who must wait is told, next to the field: why, how many minutes, and until when.</summary>
public static class SignInWaits
{
    /// <param name="what">"password" (citizens, with the reset hint), "staff" or "code".</param>
    public static string Message(CredentialResult result, DateTimeOffset now, string what)
    {
        var code = result.ByAddress ? "identity.signin.wait_address" : what switch
        {
            "code" => "identity.signin.wait_code",
            "staff" => "identity.signin.wait_staff",
            _ => "identity.signin.wait",
        };
        return Features.IdentityText.T(code, result.WaitMinutes(now), OneWindow.Shared.Web.Lang.Time(result.LockedUntil));
    }
}
