using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace OneWindow.Shared.Security;

/// <summary>
/// Secrets at rest under a configured 32-byte key: AES-256-GCM, a fresh nonce per value, associated data binding the
/// value to its row (so a ciphertext copied onto another row does not decrypt). Stored form:
/// [version 1][nonce 12][ciphertext][tag 16] — the form the OIDC and integration modules' protectors use, so they can
/// move onto this one.
/// </summary>
public sealed class AtRestCipher
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    private AtRestCipher(byte[] key) => this.key = key;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = FormatVersion;
        RandomNumberGenerator.Fill(output.AsSpan(1, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(output.AsSpan(1, NonceSize), plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length, TagSize), associatedData);
        return output;
    }

    public byte[] Open(byte[] stored, ReadOnlySpan<byte> associatedData)
    {
        if (stored.Length < 1 + NonceSize + TagSize || stored[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown at-rest format.");
        }

        var length = stored.Length - 1 - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(stored.AsSpan(1, NonceSize), stored.AsSpan(1 + NonceSize, length), stored.AsSpan(1 + NonceSize + length, TagSize), plain, associatedData);
        return plain;
    }

    /// <summary>The key configured under <paramref name="setting"/>; outside Production <paramref name="developmentKey"/>
    /// when none is set. Production must set one (the same on every node) and may not use the public development key.</summary>
    /// <param name="module">Who cannot start, for the error ("The licences module").</param>
    /// <param name="protects">What the key encrypts, for the error ("the licence signing keys").</param>
    public static AtRestCipher Load(IConfiguration configuration, string setting, string developmentKey, bool production, string module, string protects)
    {
        var configured = configuration[setting]?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            configured = production
                ? throw new InvalidOperationException(
                    $"{module} cannot start: {setting} is not set. Generate one with `openssl rand -base64 32` and set it as " +
                    $"{setting.Replace(":", "__", StringComparison.Ordinal)}, the same on every node. It encrypts {protects} in the database.")
                : developmentKey;
        }

        if (production && configured == developmentKey)
        {
            throw new InvalidOperationException($"{module} cannot start: {setting} is the public development key, which cannot protect secrets in Production.");
        }

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(configured, bytes, out var written) || written != 32)
        {
            throw new InvalidOperationException($"{module} cannot start: {setting} must be 32 bytes in base64 (44 characters).");
        }

        return new AtRestCipher(bytes[..32]);
    }
}
