using System.Text;
using Microsoft.Extensions.Configuration;
using OneWindow.Shared.Security;

namespace OneWindow.Licences.Signing;

/// <summary>Agencies' SM2 private keys at rest: <see cref="AtRestCipher"/> under Licences:KeyEncryptionKey, the key id
/// bound in as associated data.</summary>
public sealed class KeyProtector(AtRestCipher cipher)
{
    public const string Setting = "Licences:KeyEncryptionKey";

    /// <summary>The public key of development and the tests; Production refuses it.</summary>
    public const string DevelopmentKey = "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M=";

    public byte[] Protect(byte[] privateKey, string keyId) => cipher.Seal(privateKey, Purpose(keyId));

    public byte[] Unprotect(byte[] stored, string keyId) => cipher.Open(stored, Purpose(keyId));

    public static KeyProtector Load(IConfiguration configuration, bool production) =>
        new(AtRestCipher.Load(configuration, Setting, DevelopmentKey, production, "The licences module", "the agencies' licence signing keys"));

    private static byte[] Purpose(string keyId) => Encoding.UTF8.GetBytes("licences_keys.private_key:" + keyId);
}
