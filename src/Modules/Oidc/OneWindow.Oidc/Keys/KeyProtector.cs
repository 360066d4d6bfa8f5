using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace OneWindow.Oidc.Keys;

/// <summary>
/// Encrypts signing keys at rest: AES-256-GCM under Oidc:KeyEncryptionKey (32 bytes, base64), a fresh nonce per key,
/// the kid bound in as associated data. Stored form: [version 1][nonce 12][ciphertext][tag 16].
/// </summary>
public sealed class KeyProtector
{
    public const string Setting = "Oidc:KeyEncryptionKey";

    /// <summary>The fixed key in appsettings.Development.json and the test hosts. It is public, so Production refuses it.</summary>
    public const string DevelopmentKey = "Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E=";

    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    internal KeyProtector(byte[] key) => this.key = key;

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string kid)
    {
        var output = new byte[1 + NonceSize + plaintext.Length + TagSize];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize, plaintext.Length), output.AsSpan(1 + NonceSize + plaintext.Length, TagSize), Purpose(kid));
        return output;
    }

    public byte[] Unprotect(byte[] stored, string kid)
    {
        if (stored.Length < 1 + NonceSize + TagSize || stored[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown signing-key format.");
        }

        var length = stored.Length - 1 - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(stored.AsSpan(1, NonceSize), stored.AsSpan(1 + NonceSize, length), stored.AsSpan(1 + NonceSize + length, TagSize), plain, Purpose(kid));
        return plain;
    }

    private static byte[] Purpose(string kid) => Encoding.UTF8.GetBytes("oidc_signing_keys.private_key:" + kid);

    /// <summary>
    /// The configured key; on embedded SQLite with nothing configured, one generated once beside the database file
    /// (owner-only), as the identity keys are. PostgreSQL (several nodes) must configure it.
    /// </summary>
    public static KeyProtector LoadOrCreateBeside(IConfiguration configuration, bool production, string? sqliteFile)
    {
        var configured = configuration[Setting];
        if (string.IsNullOrWhiteSpace(configured) && sqliteFile != null)
        {
            configured = ReadOrCreateFile(sqliteFile + ".oidc-key");
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                $"The OIDC provider cannot start: {Setting} is not set. Generate one with `openssl rand -base64 32` and set it as " +
                "Oidc__KeyEncryptionKey (environment or secret store), the same on every node. It encrypts the token signing keys in the database.");
        }

        if (production && configured.Trim() == DevelopmentKey)
        {
            throw new InvalidOperationException($"The OIDC provider cannot start: {Setting} is the public development key, which cannot protect signing keys in Production.");
        }

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(configured.Trim(), bytes, out var written) || written != 32)
        {
            throw new InvalidOperationException($"The OIDC provider cannot start: {Setting} must be 32 bytes in base64 (44 characters).");
        }

        return new KeyProtector(bytes[..32]);
    }

    private static string ReadOrCreateFile(string path)
    {
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process on this machine created it first; use theirs.
            }
        }

        return File.ReadAllText(path).Trim();
    }
}
