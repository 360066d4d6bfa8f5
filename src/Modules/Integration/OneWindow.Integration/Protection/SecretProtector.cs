using System.Security.Cryptography;
using System.Text;
using OneWindow.Shared.Security;

namespace OneWindow.Integration.Protection;

/// <summary>
/// Encrypts webhook signing secrets at rest. The dispatcher needs the secret itself to sign (HMAC), so it cannot be
/// hashed like a client secret: <see cref="AtRestCipher"/> under Integration:SecretEncryptionKey (the same on every
/// node), the subscription id bound in as associated data so a ciphertext copied onto another row does not decrypt.
/// Its own key, apart from the other modules' keys, so each can be rotated alone.
/// </summary>
public sealed class SecretProtector(AtRestCipher cipher)
{
    public const string Setting = "Integration:SecretEncryptionKey";

    public static readonly AtRestKey Key = new(Setting, "The integration module", "the webhook signing secrets");

    public byte[] Protect(string secret, long subscriptionId) => cipher.Seal(Encoding.UTF8.GetBytes(secret), Purpose(subscriptionId));

    public string Unprotect(byte[] stored, long subscriptionId) => Encoding.UTF8.GetString(cipher.Open(stored, Purpose(subscriptionId)));

    /// <summary>A new secret: "whsec_" and 32 random bytes in base64url.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static SecretProtector Load(AtRestKeys keys) => new(keys.Cipher(Key));

    private static byte[] Purpose(long subscriptionId) =>
        Encoding.UTF8.GetBytes("integration_subscriptions.secret:" + subscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
