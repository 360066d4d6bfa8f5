using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Messaging;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Protection;

namespace OneWindow.Identity.Features.Codes;

public enum CodeIssueStatus
{
    Sent,

    /// <summary>The previous code for this purpose was sent less than ResendSeconds ago.</summary>
    TooSoon,

    /// <summary>MaxPerHour codes were sent for this purpose within the last hour.</summary>
    TooMany,

    /// <summary>No gateway can deliver codes here.</summary>
    Unavailable,
}

public sealed record CodeIssue(CodeIssueStatus Status, int RetryAfterSeconds = 0);

public enum CodeCheckStatus
{
    Ok,
    Wrong,

    /// <summary>No live code: never sent, expired, already used, or too many wrong tries (ask for a new one).</summary>
    NoLiveCode,
}

public sealed class CodeSettings
{
    public int Digits { get; init; } = 6;

    public int LifetimeMinutes { get; init; } = 10;

    public int ResendSeconds { get; init; } = 60;

    public int MaxPerHour { get; init; } = 5;

    public int MaxAttempts { get; init; } = 5;
}

/// <summary>
/// 短信验证码: issues a code to a citizen's registered phone and checks it. Only a keyed hash is stored; the send
/// limits are counted in the database so they hold across nodes; a code dies on expiry, first use, or too many wrong tries.
/// </summary>
public sealed class OneTimeCodes(IdentityDbContext db, IdentityProtector protector, IMessageSender sender, CodeSettings settings, TimeProvider clock)
{
    public async Task<CodeIssue> IssueAsync(Citizen citizen, string purpose, CancellationToken ct)
    {
        if (!sender.Sends("sms"))
        {
            return new CodeIssue(CodeIssueStatus.Unavailable);
        }

        var now = clock.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        var recent = await db.OneTimeCodes.Where(c => c.CitizenId == citizen.Id && c.Purpose == purpose && c.CreatedAt > hourAgo)
            .OrderByDescending(c => c.CreatedAt).Select(c => c.CreatedAt).ToListAsync(ct);
        if (recent.Count > 0 && recent[0] > now.AddSeconds(-settings.ResendSeconds))
        {
            return new CodeIssue(CodeIssueStatus.TooSoon, (int)Math.Ceiling((recent[0].AddSeconds(settings.ResendSeconds) - now).TotalSeconds));
        }

        if (recent.Count >= settings.MaxPerHour)
        {
            return new CodeIssue(CodeIssueStatus.TooMany, (int)Math.Ceiling((recent[^1].AddHours(1) - now).TotalSeconds));
        }

        var code = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, settings.Digits)).ToString("D" + settings.Digits, CultureInfo.InvariantCulture);
        db.OneTimeCodes.Add(new OneTimeCode
        {
            CitizenId = citizen.Id,
            Purpose = purpose,
            CodeHash = Hash(citizen.Id, purpose, code),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(settings.LifetimeMinutes),
        });
        await db.SaveChangesAsync(ct);
        var phone = protector.Decrypt(citizen.PhoneCipher, ProtectedFields.CitizenPhone);
        try
        {
            await sender.SendAsync(new MessageToSend("sms", Subjects.Citizen(citizen.Id), phone, citizen.PhoneMasked,
                $"【一网通办】您的验证码为 {code}，{settings.LifetimeMinutes}分钟内有效，用于{Describe(purpose)}。请勿告诉他人。"), ct);
        }
        catch (MessageNotSentException)
        {
            // The gateway refused or did not answer (logged by the sender): the person is told to try again later.
            return new CodeIssue(CodeIssueStatus.Unavailable);
        }

        return new CodeIssue(CodeIssueStatus.Sent);
    }

    /// <summary>Checks the latest code of the purpose; a right answer consumes it, a wrong one uses up a try.</summary>
    public async Task<CodeCheckStatus> CheckAsync(long citizenId, string purpose, string? typed, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var latest = await db.OneTimeCodes.Where(c => c.CitizenId == citizenId && c.Purpose == purpose)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (latest == null || latest.ConsumedAt != null || latest.ExpiresAt <= now || latest.Attempts >= settings.MaxAttempts)
        {
            return CodeCheckStatus.NoLiveCode;
        }

        var clean = typed?.Trim() ?? "";
        var right = clean.Length == settings.Digits && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Hash(citizenId, purpose, clean)), System.Text.Encoding.ASCII.GetBytes(latest.CodeHash));
        // Conditional updates: of two requests racing with the same code only one consumes it, and every wrong try counts.
        var changed = right
            ? await db.OneTimeCodes.Where(c => c.Id == latest.Id && c.ConsumedAt == null && c.Attempts < settings.MaxAttempts)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ConsumedAt, now), ct)
            : await db.OneTimeCodes.Where(c => c.Id == latest.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Attempts, c => c.Attempts + 1), ct);
        return right && changed == 1 ? CodeCheckStatus.Ok : right ? CodeCheckStatus.NoLiveCode : CodeCheckStatus.Wrong;
    }

    private string Hash(long citizenId, string purpose, string code) =>
        protector.BlindIndex($"{citizenId.ToString(CultureInfo.InvariantCulture)}:{purpose}:{code}", ProtectedFields.OneTimeCode);

    private static string Describe(string purpose) => purpose switch
    {
        CodePurposes.VerifyPhone => "实名核验",
        CodePurposes.ResetPassword => "重置密码",
        _ => "身份验证",
    };
}
