namespace OneWindow.Identity.Domain;

/// <summary>
/// 自然人 — a registered citizen. The ID number is never stored in plain text: it is kept encrypted (AES-GCM),
/// findable through a keyed blind index (HMAC-SHA256) and shown only masked. The phone number likewise.
/// </summary>
public sealed class Citizen : IHasCredentials
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>AES-GCM: version byte, nonce, ciphertext and tag in one value (see IdentityProtector).</summary>
    public required byte[] IdNumberCipher { get; set; }

    /// <summary>HMAC-SHA256 of the normalized number (hex): equality lookups and uniqueness without decrypting.</summary>
    public required string IdNumberIndex { get; set; }

    /// <summary>110105********002X.</summary>
    public required string IdNumberMasked { get; set; }

    public required byte[] PhoneCipher { get; set; }

    /// <summary>138****1234.</summary>
    public required string PhoneMasked { get; set; }

    /// <summary>When the citizen proved they hold the phone (a one-time code sent to it was entered).</summary>
    public DateTimeOffset? PhoneVerifiedAt { get; set; }

    public required string PasswordHash { get; set; }

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public byte[]? TotpSecretCipher { get; set; }

    public long TotpLastStep { get; set; }

    public AssuranceLevel AssuranceLevel { get; set; } = AssuranceLevel.Registered;

    /// <summary>When the assurance level last changed, and by whom (an officer's subject for in-person checks).</summary>
    public DateTimeOffset? AssuranceChangedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>身份认证等级: how sure the platform is that the account belongs to the person named.</summary>
public enum AssuranceLevel
{
    /// <summary>注册: self-declared name and ID number (checked for form only).</summary>
    Registered = 1,

    /// <summary>实名核验: the citizen proved control of the mobile number registered in their real name (a one-time
    /// code sent to it). A carrier's name–ID–phone check (运营商三要素) plugs in through IRealNameCheck.</summary>
    IdVerified = 2,

    /// <summary>现场核验: a window officer checked the ID card against the person at a service hall.</summary>
    InPerson = 3,
}
