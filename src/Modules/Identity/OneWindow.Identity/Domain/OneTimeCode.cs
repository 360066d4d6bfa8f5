namespace OneWindow.Identity.Domain;

/// <summary>
/// 短信/邮件验证码: a six-digit code sent to a citizen's phone for one purpose. Only a keyed hash is stored; the code
/// expires, allows a few wrong tries, and is consumed by its first correct use.
/// </summary>
public sealed class OneTimeCode
{
    public long Id { get; set; }

    public long CitizenId { get; set; }

    public required string Purpose { get; set; }

    public required string CodeHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }
}

public static class CodePurposes
{
    /// <summary>Proving control of the registered phone (raises the assurance level to L2).</summary>
    public const string VerifyPhone = "verify_phone";

    /// <summary>Choosing a new password without the old one.</summary>
    public const string ResetPassword = "reset_password";
}
