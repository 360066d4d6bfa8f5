using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using OneWindow.Identity.Protection;
using OneWindow.Identity.Protection.KeyRing;
using OneWindow.Shared.Security;

namespace OneWindow.Tests.Identity;

/// <summary>The sealing of the data-protection master keys (the database side is in SharedKeyRingTests).</summary>
public sealed class KeyRingCipherTests
{
    private static readonly XElement MasterKey = XElement.Parse(
        "<masterKey xmlns:d=\"http://schemas.asp.net/2015/03/dataProtection\" d:requiresEncryption=\"true\"><value>c2VjcmV0LW1hc3Rlci1rZXk=</value></masterKey>");

    [Fact]
    public void A_sealed_master_key_opens_unchanged_and_shows_no_key_material()
    {
        var cipher = new KeyRingCipher(RandomNumberGenerator.GetBytes(32));
        var info = new KeyRingEncryptor(cipher).Encrypt(MasterKey);

        Assert.Equal(typeof(KeyRingDecryptor), info.DecryptorType);
        Assert.Equal(KeyRingCipher.SealedElement, info.EncryptedElement.Name);
        Assert.DoesNotContain("c2VjcmV0LW1hc3Rlci1rZXk=", info.EncryptedElement.ToString());
        Assert.DoesNotContain("masterKey", info.EncryptedElement.ToString());
        Assert.True(XNode.DeepEquals(MasterKey, new KeyRingDecryptor(cipher).Decrypt(info.EncryptedElement)));
    }

    [Fact]
    public void A_changed_sealed_key_or_another_key_ring_key_is_refused_with_a_reason()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var sealedKey = new KeyRingCipher(key).Seal(MasterKey);

        var other = Assert.Throws<CryptographicException>(() => new KeyRingCipher(RandomNumberGenerator.GetBytes(32)).Open(sealedKey));
        Assert.Contains("sealed under another Identity:DataProtection:KeyRingKey", other.Message);

        var bytes = Convert.FromBase64String(sealedKey.Value);
        bytes[^1] ^= 1;
        var changed = new XElement(sealedKey.Name, sealedKey.Attributes(), Convert.ToBase64String(bytes));
        var damaged = Assert.Throws<CryptographicException>(() => new KeyRingCipher(key).Open(changed));
        Assert.Contains("changed or damaged", damaged.Message);

        var problems = KeyRingCheck.Unreadable([new XElement("key", new XAttribute("id", "k1"), new XElement("descriptor", MasterKey))], new KeyRingCipher(key));
        Assert.Contains("k1: its master key is not sealed", Assert.Single(problems));
    }

    [Fact]
    public void The_key_ring_key_must_be_configured_and_differ_from_the_other_identity_keys()
    {
        const string encryption = "7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM=";
        const string index = "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs=";
        AtRestKeys Keys(string? keyRing) => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IdentityKeys.Encryption.Setting] = encryption,
            [IdentityKeys.Index.Setting] = index,
            [KeyRingCipher.Key.Setting] = keyRing,
        }).Build(), "Testing", sqliteFile: null);

        var missing = Assert.Throws<InvalidOperationException>(() => KeyRingCipher.Load(Keys(null), IdentityKeys.Load(Keys(null))));
        Assert.Contains("Identity:DataProtection:KeyRingKey is not set", missing.Message);
        var same = Assert.Throws<InvalidOperationException>(() => KeyRingCipher.Load(Keys(index), IdentityKeys.Load(Keys(index))));
        Assert.Contains("must be a key of its own", same.Message);
        Assert.Contains("0ztC8oKnJjLZ9eRQhDVyAvu0a40yumj9ni8HN7iQo1k=", AtRestKeys.PublicDevelopmentKeys);
    }
}
