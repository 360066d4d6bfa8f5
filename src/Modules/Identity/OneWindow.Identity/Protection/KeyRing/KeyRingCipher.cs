using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Protection.KeyRing;

/// <summary>
/// Seals the master keys of the ASP.NET data-protection key ring (which protects session cookies, the second-factor
/// cookie and antiforgery tokens) before they are written to identity_data_protection_keys, with the platform's one
/// at-rest cipher (<see cref="AtRestCipher"/>, AES-256-GCM) under Identity:DataProtection:KeyRingKey.
/// The stored element (the encryptor's marker) is
/// <c>&lt;sealedKey xmlns="urn:onewindow:identity:key-ring" version="1" keyId="…"&gt;base64&lt;/sealedKey&gt;</c>:
/// keyId is a fingerprint of the key-ring key (HMAC, not the key), so a node holding another key can say so instead of
/// reporting a corrupt ring.
/// </summary>
public sealed class KeyRingCipher
{
    public const string Namespace = "urn:onewindow:identity:key-ring";

    public static readonly XName SealedElement = XName.Get("sealedKey", Namespace);

    /// <summary>The setting, under the platform's one key policy (<see cref="AtRestKeys"/>).</summary>
    public static readonly AtRestKey Key = new($"{IdentityKeys.Section}:KeyRingKey", "Unified identity",
        "the shared data-protection key ring (session cookies and antiforgery tokens of every node)");

    private const string FormatVersion = "1";

    // Binds every sealed master key to this purpose: a value sealed elsewhere under the same bytes does not open here.
    private static readonly byte[] AssociatedData = "onewindow:identity_data_protection_keys:master-key"u8.ToArray();

    private readonly AtRestCipher cipher;

    public KeyRingCipher(byte[] key)
    {
        cipher = new AtRestCipher(key);
        KeyId = Convert.ToHexStringLower(HMACSHA256.HashData(key, "onewindow key-ring key id"u8))[..16];
    }

    /// <summary>Loads Identity:DataProtection:KeyRingKey; it must differ from the identity module's two other keys.</summary>
    public static KeyRingCipher Load(AtRestKeys keys, IdentityKeys identityKeys)
    {
        var key = keys.Load(Key);
        if (key.AsSpan().SequenceEqual(identityKeys.EncryptionKey) || key.AsSpan().SequenceEqual(identityKeys.IndexKey))
        {
            throw new InvalidOperationException(
                $"Unified identity cannot start: {Key.Setting} must be a key of its own, not the value of {IdentityKeys.Encryption.Setting} or {IdentityKeys.Index.Setting}. Generate one with `openssl rand -base64 32`.");
        }

        return new KeyRingCipher(key);
    }

    /// <summary>Fingerprint of the key-ring key (16 hex characters of an HMAC under it), safe to log and store.</summary>
    public string KeyId { get; }

    public XElement Seal(XElement plaintext)
    {
        var bytes = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        return new XElement(SealedElement,
            new XAttribute("version", FormatVersion),
            new XAttribute("keyId", KeyId),
            new XComment($" AES-256-GCM under {Key.Setting} "),
            Convert.ToBase64String(cipher.Seal(bytes, AssociatedData)));
    }

    /// <summary>Opens a sealed master key; a <see cref="CryptographicException"/> says why it cannot (no key material in it).</summary>
    public XElement Open(XElement sealedElement)
    {
        if (sealedElement.Name != SealedElement || (string?)sealedElement.Attribute("version") != FormatVersion)
        {
            throw new CryptographicException($"Not a key sealed by {nameof(KeyRingEncryptor)} (element {sealedElement.Name}).");
        }

        var keyId = (string?)sealedElement.Attribute("keyId");
        if (!string.Equals(keyId, KeyId, StringComparison.Ordinal))
        {
            throw new CryptographicException(
                $"This key was sealed under another {Key.Setting} (key id {keyId}) than this node's (key id {KeyId}). Every node on one database needs the same {Key.Setting}.");
        }

        byte[] plain;
        try
        {
            plain = cipher.Open(Convert.FromBase64String(sealedElement.Value.Trim()), AssociatedData);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new CryptographicException($"A sealed key of the key ring does not open under {Key.Setting} (key id {KeyId}): it was changed or damaged.", e);
        }

        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

/// <summary>Configured as the key ring's <c>KeyManagementOptions.XmlEncryptor</c>: every new master key is sealed.</summary>
public sealed class KeyRingEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(cipher.Seal(plaintextElement), typeof(KeyRingDecryptor));
}

/// <summary>
/// Named by type in every stored key (<c>decryptorType</c>): keep its name and assembly, or the stored keys no longer
/// open. The framework creates it through the constructor taking the services (or a parameterless one, nothing else).
/// </summary>
public sealed class KeyRingDecryptor(KeyRingCipher cipher) : IXmlDecryptor
{
    public KeyRingDecryptor(IServiceProvider services)
        : this(services.GetRequiredService<KeyRingCipher>())
    {
    }

    public XElement Decrypt(XElement encryptedElement) => cipher.Open(encryptedElement);
}
