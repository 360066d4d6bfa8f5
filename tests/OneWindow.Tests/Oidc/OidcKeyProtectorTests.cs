using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using OneWindow.Oidc;
using OneWindow.Oidc.Keys;

namespace OneWindow.Tests.Oidc;

/// <summary>The key that encrypts signing keys at rest, and the OIDC settings checked at start-up.</summary>
public sealed class OidcKeyProtectorTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => v.Value)).Build();

    [Theory]
    [InlineData(null, false, "is not set")]
    [InlineData("c2hvcnQ=", false, "must be 32 bytes")]
    [InlineData("not base64!", false, "must be 32 bytes")]
    [InlineData(KeyProtector.DevelopmentKey, true, "public development key")]
    public void A_missing_malformed_or_public_key_stops_start_up_without_printing_key_material(string? value, bool production, string expected)
    {
        // No SQLite file: the PostgreSQL case, where the key must be configured.
        var error = Assert.Throws<InvalidOperationException>(() => KeyProtector.LoadOrCreateBeside(Config((KeyProtector.Setting, value)), production, sqliteFile: null));
        Assert.Contains(expected, error.Message);
        Assert.Contains("Oidc:KeyEncryptionKey", error.Message);
        Assert.DoesNotContain(KeyProtector.DevelopmentKey, error.Message);
    }

    [Fact]
    public void On_embedded_sqlite_a_key_is_generated_once_beside_the_database_readable_by_the_owner_only()
    {
        var database = Path.Combine(Path.GetTempPath(), $"ow-oidc-{Guid.NewGuid():N}.db");
        try
        {
            var first = KeyProtector.LoadOrCreateBeside(Config(), production: true, database);
            var second = KeyProtector.LoadOrCreateBeside(Config(), production: true, database);
            Assert.True(File.Exists(database + ".oidc-key"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database + ".oidc-key"));
            }

            var sealedKey = first.Protect([1, 2, 3], "kid-1");
            Assert.Equal([1, 2, 3], second.Unprotect(sealedKey, "kid-1"));
            // The kid is bound in: a ciphertext moved to another key row does not decrypt.
            Assert.ThrowsAny<CryptographicException>(() => second.Unprotect(sealedKey, "kid-2"));
        }
        finally
        {
            File.Delete(database + ".oidc-key");
        }
    }

    [Theory]
    [InlineData("http://zwfw.example.gov.cn")]
    [InlineData("https://zwfw.example.gov.cn/?x=1")]
    [InlineData("not a url")]
    public void An_issuer_that_is_not_https_is_refused(string issuer)
    {
        Assert.Throws<InvalidOperationException>(() => OidcOptions.Load(Config(("Oidc:Issuer", issuer))));
    }

    [Fact]
    public void Defaults_and_derived_periods()
    {
        var options = OidcOptions.Load(Config(("Oidc:Issuer", "https://zwfw.example.gov.cn/")));
        Assert.Equal("https://zwfw.example.gov.cn", options.Issuer);
        Assert.Equal(TimeSpan.FromDays(30), options.KeyLifetime);
        Assert.Equal(TimeSpan.FromDays(1), options.KeyPrePublish);
        Assert.Equal(TimeSpan.FromMinutes(11), options.KeyRetention);
        Assert.Equal("onewindow-api", options.ApiAudience);
    }
}
