using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using OneWindow.Identity.Protection;
using OneWindow.Integration.Protection;
using OneWindow.Shared.Security;

namespace OneWindow.Tests.Platform;

/// <summary>The one key policy (AtRestKeys) and the one AES-GCM cipher every module seals its secrets with.</summary>
public sealed class AtRestKeysTests
{
    private static readonly AtRestKey Key = new("Test:AtRestKey", "The test module", "test secrets");

    private static AtRestKeys Keys(string environment, string? sqliteFile = null, params (string Key, string? Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => v.Value)).Build(), environment, sqliteFile);

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Outside_development_a_missing_key_stops_start_up_even_on_sqlite(string environment)
    {
        var database = Path.Combine(Path.GetTempPath(), $"ow-keys-{Guid.NewGuid():N}.db");
        var error = Assert.Throws<InvalidOperationException>(() => Keys(environment, database).Load(Key));

        Assert.Contains("Test:AtRestKey is not set", error.Message);
        Assert.Contains("Test__AtRestKey", error.Message);
        Assert.Contains("openssl rand -base64 32", error.Message);
        Assert.False(File.Exists(AtRestKeys.KeyFile(database, Key)));
    }

    [Fact]
    public void Development_on_postgresql_needs_configured_keys_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Keys("Development", sqliteFile: null).Load(Key));
        Assert.Contains("Test:AtRestKey is not set", error.Message);
    }

    [Fact]
    public void Development_on_sqlite_generates_a_key_once_beside_the_database_for_the_owner_only()
    {
        var database = Path.Combine(Path.GetTempPath(), $"ow-keys-{Guid.NewGuid():N}.db");
        try
        {
            var first = Keys("Development", database).Load(Key);
            var again = Keys("Development", database).Load(Key);
            var other = Keys("Development", database).Load(Key with { Setting = "Test:OtherKey" });

            Assert.Equal(first, again);
            Assert.NotEqual(first, other);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AtRestKeys.KeyFile(database, Key)));
            }

            // Started again in another environment, the key is not used silently; the message points at it instead.
            var error = Assert.Throws<InvalidOperationException>(() => Keys("Production", database).Load(Key));
            Assert.Contains(AtRestKeys.KeyFile(database, Key), error.Message);
            Assert.DoesNotContain(Convert.ToBase64String(first), error.Message);
        }
        finally
        {
            File.Delete(AtRestKeys.KeyFile(database, Key));
            File.Delete(AtRestKeys.KeyFile(database, Key with { Setting = "Test:OtherKey" }));
        }
    }

    [Fact]
    public void Development_still_reads_a_key_file_an_earlier_version_generated()
    {
        var database = Path.Combine(Path.GetTempPath(), $"ow-keys-{Guid.NewGuid():N}.db");
        var a = RandomNumberGenerator.GetBytes(32);
        var b = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(database + ".identity-keys", Convert.ToBase64String(a) + "\n" + Convert.ToBase64String(b));
        try
        {
            var keys = IdentityKeys.Load(Keys("Development", database));
            Assert.Equal(a, keys.EncryptionKey);
            Assert.Equal(b, keys.IndexKey);
        }
        finally
        {
            File.Delete(database + ".identity-keys");
        }
    }

    [Theory]
    [InlineData("c2hvcnQ=", "Testing", "must be 32 bytes")]
    [InlineData("not base64!", "Development", "must be 32 bytes")]
    [InlineData("Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E=", "Production", "public development keys")]
    public void A_malformed_or_public_key_stops_start_up_without_printing_key_material(string value, string environment, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Keys(environment, null, (Key.Setting, value)).Load(Key));
        Assert.Contains(expected, error.Message);
        Assert.Contains(Key.Setting, error.Message);
        Assert.DoesNotContain(value, error.Message);
    }

    [Fact]
    public void Sealed_values_open_only_with_their_associated_data_and_unchanged()
    {
        var cipher = new AtRestCipher(RandomNumberGenerator.GetBytes(32));
        var a = cipher.Seal([1, 2, 3], "row:1"u8);
        var b = cipher.Seal([1, 2, 3], "row:1"u8);

        Assert.NotEqual(a, b);
        Assert.Equal([1, 2, 3], cipher.Open(a, "row:1"u8));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(a, "row:2"u8));
        a[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(a, "row:1"u8));
    }

    [Fact]
    public void Values_sealed_by_the_modules_former_protectors_still_open()
    {
        // Sealed by IdentityProtector, the OIDC and licences KeyProtectors and SecretProtector as they were before they
        // moved onto AtRestCipher, under the public development keys.
        var keys = Keys("Testing", null,
            (IdentityKeys.Encryption.Setting, "7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM="),
            (IdentityKeys.Index.Setting, "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs="),
            (OneWindow.Oidc.Keys.KeyProtector.Setting, "Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E="),
            (SecretProtector.Setting, "p3Qk9Wm2Zr7Tx4Lb8Nc1Vd6Hf0Js5Ga3Ye2Ku9Oi7Aw="),
            (OneWindow.Licences.Signing.KeyProtector.Setting, "Lc7Vb2Nq9Xr4Tm1Kd8Hs3Fw6Jp0Yz5Ga2Ue7Oi4Rn1M="));
        var identity = new IdentityProtector(IdentityKeys.Load(keys));

        Assert.Equal("11010519491231002X", identity.Decrypt(Convert.FromBase64String("AZMe3+/t7JZym4EbKIfBN2xRlMWVBp6pKEUIRdTqa5yv6JaYqB6uBUkWuYrFX6k="), ProtectedFields.CitizenIdNumber));
        Assert.Equal("87d3a5a619c86066e6cd5b916192be1a4aca1587005de550a612ed44e0d1ce2c", identity.BlindIndex("11010519491231002X", ProtectedFields.CitizenIdNumber));
        Assert.Equal([1, 2, 3], OneWindow.Oidc.Keys.KeyProtector.Load(keys).Unprotect(Convert.FromBase64String("Ac18EHBKTXjGHBkBAAr4TTNFba76iEsGXfk1X5ViNiI="), "kid-1"));
        Assert.Equal("whsec_test", SecretProtector.Load(keys).Unprotect(Convert.FromBase64String("AWYh45quAsJFf8WvCCExHjVUGzML9V67DWUZBZnXt2+f6IONTZN+"), 42));
        Assert.Equal([7, 7, 7], OneWindow.Licences.Signing.KeyProtector.Load(keys).Unprotect(Convert.FromBase64String("AZm1v4b9kfpq2WGYVjZl0q9AiWkWUDjgXsYo5afq1Sw="), "K1"));
    }
}
