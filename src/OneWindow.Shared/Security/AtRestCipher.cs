using System.Security.Cryptography;

namespace OneWindow.Shared.Security;

/// <summary>
/// Secrets at rest under a configured 32-byte key: AES-256-GCM, a fresh nonce per value, associated data binding the
/// value to its row (so a ciphertext copied onto another row does not decrypt). Stored form:
/// [version 1][nonce 12][ciphertext][tag 16] — the form every module's protector has always written, so values sealed
/// before they moved onto this class still open. The only AES-GCM code of the platform; keys come from <see cref="AtRestKeys"/>.
/// </summary>
public sealed class AtRestCipher
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    public AtRestCipher(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("An AES-256 key is 32 bytes.", nameof(key));
        }

        this.key = key;
    }

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
}
