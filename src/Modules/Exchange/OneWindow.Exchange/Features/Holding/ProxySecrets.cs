using System.Text;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Features.Holding;

/// <summary>Providers' credentials for their own systems, sealed at rest under Exchange:KeyEncryptionKey with the
/// resource code as associated data (a sealed secret copied onto another resource does not open).</summary>
public sealed class ProxySecrets(AtRestCipher cipher)
{
    public const string Setting = "Exchange:KeyEncryptionKey";

    public static readonly AtRestKey Key = new(Setting, "The exchange module", "providers' credentials and the exchange log's signing key");

    public static ProxySecrets Load(AtRestKeys keys) => new(keys.Cipher(Key));

    public byte[] Seal(string secret, string resourceCode) => cipher.Seal(Encoding.UTF8.GetBytes(secret), Purpose(resourceCode));

    public string Open(byte[] sealedSecret, string resourceCode) => Encoding.UTF8.GetString(cipher.Open(sealedSecret, Purpose(resourceCode)));

    private static byte[] Purpose(string resourceCode) => Encoding.UTF8.GetBytes("exchange_proxies.secret:" + resourceCode);
}
