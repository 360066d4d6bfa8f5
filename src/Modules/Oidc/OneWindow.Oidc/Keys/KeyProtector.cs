using System.Text;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Keys;

/// <summary>
/// Encrypts signing keys at rest: <see cref="AtRestCipher"/> under Oidc:KeyEncryptionKey (the same on every node), the
/// kid bound in as associated data.
/// </summary>
public sealed class KeyProtector(AtRestCipher cipher)
{
    public const string Setting = "Oidc:KeyEncryptionKey";

    /// <summary>Earlier versions generated it into &lt;database&gt;.oidc-key; Development still reads that file.</summary>
    public static readonly AtRestKey Key = new(Setting, "The OIDC provider", "the token signing keys", LegacyFile: "oidc-key");

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string kid) => cipher.Seal(plaintext, Purpose(kid));

    public byte[] Unprotect(byte[] stored, string kid) => cipher.Open(stored, Purpose(kid));

    public static KeyProtector Load(AtRestKeys keys) => new(keys.Cipher(Key));

    private static byte[] Purpose(string kid) => Encoding.UTF8.GetBytes("oidc_signing_keys.private_key:" + kid);
}
