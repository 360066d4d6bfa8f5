using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace OneWindow.Licences.Signing;

/// <summary>
/// Encrypts agencies' SM2 private keys at rest: AES-256-GCM under Licences:KeyEncryptionKey (32 bytes, base64, the same
/// on every node), a fresh nonce per key, the key id bound in as associated data so a ciphertext copied onto another
/// row does not decrypt. Stored form: [version 1][nonce 12][ciphertext][tag 16]. Same approach as the integration
/// module's SecretProtector, with its own key.
/// </summary>
public sealed class KeyProtector
{
    public const string Setting = "Licences:KeyEncryptionKey";

    /// <summary>The public key of development and the tests; Production refuses it.</summary>
    public const string DevelopmentKey = "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M=";

    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    internal KeyProtector(byte[] key) => this.key = key;

    public byte[] Protect(byte[] privateKey, string keyId)
    {
        var output = new byte[1 + NonceSize + privateKey.Length + TagSize];
        output[0] = FormatVersion;
        RandomNumberGenerator.Fill(output.AsSpan(1, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(1, NonceSize), privateKey, output.AsSpan(1 + NonceSize, privateKey.Length), output.AsSpan(1 + NonceSize + privateKey.Length, TagSize), Purpose(keyId));
        return output;
    }

    public byte[] Unprotect(byte[] stored, string keyId)
    {
        if (stored.Length < 1 + NonceSize + TagSize || stored[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown licence key format.");
        }

        var length = stored.Length - 1 - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(stored.AsSpan(1, NonceSize), stored.AsSpan(1 + NonceSize, length), stored.AsSpan(1 + NonceSize + length, TagSize), plain, Purpose(keyId));
        return plain;
    }

    private static byte[] Purpose(string keyId) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"licences_keys.private_key:{keyId}"));

    /// <summary>The configured key; outside Production the development key when none is configured.</summary>
    public static KeyProtector Load(IConfiguration configuration, bool production)
    {
        var configured = configuration[Setting]?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            configured = production
                ? throw new InvalidOperationException(
                    $"The licences module cannot start: {Setting} is not set. Generate one with `openssl rand -base64 32` and set it as " +
                    "Licences__KeyEncryptionKey, the same on every node. It encrypts the agencies' licence signing keys in the database.")
                : DevelopmentKey;
        }

        if (production && configured == DevelopmentKey)
        {
            throw new InvalidOperationException($"The licences module cannot start: {Setting} is the public development key, which cannot protect keys in Production.");
        }

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(configured, bytes, out var written) || written != 32)
        {
            throw new InvalidOperationException($"The licences module cannot start: {Setting} must be 32 bytes in base64 (44 characters).");
        }

        return new KeyProtector(bytes[..32]);
    }
}
