using System.Text;
using OneWindow.Shared.Security;

namespace OneWindow.Licences.Signing;

/// <summary>Agencies' SM2 private keys at rest: <see cref="AtRestCipher"/> under Licences:KeyEncryptionKey, the key id
/// bound in as associated data.</summary>
public sealed class KeyProtector(AtRestCipher cipher)
{
    public const string Setting = "Licences:KeyEncryptionKey";

    public static readonly AtRestKey Key = new(Setting, "The licences module", "the agencies' licence signing keys");

    public byte[] Protect(byte[] privateKey, string keyId) => cipher.Seal(privateKey, Purpose(keyId));

    public byte[] Unprotect(byte[] stored, string keyId) => cipher.Open(stored, Purpose(keyId));

    public static KeyProtector Load(AtRestKeys keys) => new(keys.Cipher(Key));

    private static byte[] Purpose(string keyId) => Encoding.UTF8.GetBytes("licences_keys.private_key:" + keyId);
}
