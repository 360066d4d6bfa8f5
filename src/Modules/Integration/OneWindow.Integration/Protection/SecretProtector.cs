using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace OneWindow.Integration.Protection;

/// <summary>
/// Encrypts webhook signing secrets at rest. The dispatcher needs the secret itself to sign (HMAC), so it cannot be
/// hashed like a client secret: AES-256-GCM under Integration:SecretEncryptionKey (32 bytes, base64, the same on every
/// node), a fresh nonce per secret, the subscription id bound in as associated data so a ciphertext copied onto
/// another row does not decrypt. Stored form: [version 1][nonce 12][ciphertext][tag 16]. Same approach as the OIDC
/// module's signing-key protection, with its own key so either can be rotated alone.
/// </summary>
public sealed class SecretProtector
{
    public const string Setting = "Integration:SecretEncryptionKey";

    /// <summary>The public key of development and the tests; Production refuses it.</summary>
    public const string DevelopmentKey = "p3Qk9Wm2Zr7Tx4Lb8Nc1Vd6Hf0Js5Ga3Ye2Ku9Oi7Aw=";

    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    internal SecretProtector(byte[] key) => this.key = key;

    public byte[] Protect(string secret, long subscriptionId)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[1 + NonceSize + plain.Length + TagSize];
        output[0] = FormatVersion;
        RandomNumberGenerator.Fill(output.AsSpan(1, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(1, NonceSize), plain, output.AsSpan(1 + NonceSize, plain.Length), output.AsSpan(1 + NonceSize + plain.Length, TagSize), Purpose(subscriptionId));
        return output;
    }

    public string Unprotect(byte[] stored, long subscriptionId)
    {
        if (stored.Length < 1 + NonceSize + TagSize || stored[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown webhook secret format.");
        }

        var length = stored.Length - 1 - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(stored.AsSpan(1, NonceSize), stored.AsSpan(1 + NonceSize, length), stored.AsSpan(1 + NonceSize + length, TagSize), plain, Purpose(subscriptionId));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>A new secret: "whsec_" and 32 random bytes in base64url.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Purpose(long subscriptionId) =>
        Encoding.UTF8.GetBytes("integration_subscriptions.secret:" + subscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The configured key; outside Production the development key when none is configured. Production must
    /// configure it (every node the same): `openssl rand -base64 32`.</summary>
    public static SecretProtector Load(IConfiguration configuration, bool production)
    {
        var configured = configuration[Setting]?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            configured = production
                ? throw new InvalidOperationException(
                    $"The integration module cannot start: {Setting} is not set. Generate one with `openssl rand -base64 32` and set it as " +
                    "Integration__SecretEncryptionKey, the same on every node. It encrypts the webhook signing secrets in the database.")
                : DevelopmentKey;
        }

        if (production && configured == DevelopmentKey)
        {
            throw new InvalidOperationException($"The integration module cannot start: {Setting} is the public development key, which cannot protect secrets in Production.");
        }

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(configured, bytes, out var written) || written != 32)
        {
            throw new InvalidOperationException($"The integration module cannot start: {Setting} must be 32 bytes in base64 (44 characters).");
        }

        return new SecretProtector(bytes[..32]);
    }
}
