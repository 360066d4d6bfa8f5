using System.Security.Cryptography;
using System.Text;

namespace OneWindow.Identity.Protection;

/// <summary>
/// Field-level protection of personal data. Encrypt: AES-256-GCM with a fresh 12-byte nonce; the stored value is
/// [format version 1][nonce 12][ciphertext][tag 16], and the column name is bound in as associated data so a value
/// copied into another column does not decrypt. BlindIndex: HMAC-SHA256 under a separate key, hex, for exact lookups.
/// </summary>
public sealed class IdentityProtector(IdentityKeys keys)
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Encrypt(string plaintext, string purpose)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + NonceSize + data.Length + TagSize];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.EncryptionKey, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(1 + NonceSize, data.Length), output.AsSpan(1 + NonceSize + data.Length, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public byte[] EncryptBytes(byte[] plaintext, string purpose) => Encrypt(Convert.ToBase64String(plaintext), purpose);

    public byte[] DecryptBytes(byte[] stored, string purpose) => Convert.FromBase64String(Decrypt(stored, purpose));

    public string Decrypt(byte[] stored, string purpose)
    {
        if (stored.Length < 1 + NonceSize + TagSize || stored[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown protected-value format.");
        }

        var length = stored.Length - 1 - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(keys.EncryptionKey, TagSize);
        aes.Decrypt(stored.AsSpan(1, NonceSize), stored.AsSpan(1 + NonceSize, length), stored.AsSpan(1 + NonceSize + length, TagSize), plain, Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(plain);
    }

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
}
