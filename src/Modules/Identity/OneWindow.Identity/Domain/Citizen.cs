namespace OneWindow.Identity.Domain;

/// <summary>
/// 自然人 — a registered citizen. The ID number is never stored in plain text: it is kept encrypted (AES-GCM),
/// findable through a keyed blind index (HMAC-SHA256) and shown only masked. The phone number likewise.
/// </summary>
public sealed class Citizen
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

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted, versioned).</summary>
    public required string PasswordHash { get; set; }

    public AssuranceLevel AssuranceLevel { get; set; } = AssuranceLevel.Registered;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>身份认证等级: how sure the platform is that the account belongs to the person named.</summary>
public enum AssuranceLevel
{
    /// <summary>注册: self-declared name and ID number (checked for form only).</summary>
    Registered = 1,

    /// <summary>实名核验: name and number verified against the population register (later slice).</summary>
    IdVerified = 2,

    /// <summary>现场核验: identity checked in person at a service window (later slice).</summary>
    InPerson = 3,
}
