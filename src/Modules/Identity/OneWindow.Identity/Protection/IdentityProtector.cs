using System.Security.Cryptography;
using System.Text;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Protection;

/// <summary>
/// Field-level protection of personal data. Encrypt: <see cref="AtRestCipher"/> (AES-256-GCM) under
/// Identity:DataProtection:EncryptionKey, the column name bound in as associated data so a value copied into another
/// column does not decrypt. BlindIndex: HMAC-SHA256 under a separate key, hex, for exact lookups.
/// </summary>
public sealed class IdentityProtector(IdentityKeys keys)
{
    private readonly AtRestCipher cipher = new(keys.EncryptionKey);

    public byte[] Encrypt(string plaintext, string purpose) => cipher.Seal(Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(purpose));

    public byte[] EncryptBytes(byte[] plaintext, string purpose) => Encrypt(Convert.ToBase64String(plaintext), purpose);

    public byte[] DecryptBytes(byte[] stored, string purpose) => Convert.FromBase64String(Decrypt(stored, purpose));

    public string Decrypt(byte[] stored, string purpose) => Encoding.UTF8.GetString(cipher.Open(stored, Encoding.UTF8.GetBytes(purpose)));

    /// <summary>The blind index of a citizen ID number as typed, or null when it is not a valid number (lookups then find nobody).</summary>
    public string? CitizenIdNumberIndex(string? idNumber, DateOnly today)
    {
        var check = OneWindow.Shared.Codes.CitizenIdNumber.Check(idNumber, today);
        return check.IsValid ? BlindIndex(check.Normalized!, ProtectedFields.CitizenIdNumber) : null;
    }

    public string BlindIndex(string normalized, string purpose) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(keys.IndexKey, Encoding.UTF8.GetBytes(purpose + ":" + normalized)));
}

/// <summary>The purposes bound into ciphertexts and indexes (one per column).</summary>
public static class ProtectedFields
{
    public const string CitizenIdNumber = "identity_citizens.id_number";
    public const string CitizenPhone = "identity_citizens.phone";
    public const string TotpSecret = "identity.totp_secret";
    public const string PendingTotpSecret = "identity.totp_pending";
    public const string OneTimeCode = "identity_one_time_codes.code";
    public const string SignInAddress = "identity_address_failures.address_key";
}
