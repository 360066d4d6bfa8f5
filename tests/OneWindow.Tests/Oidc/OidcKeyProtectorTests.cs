using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using OneWindow.Oidc;
using OneWindow.Oidc.Keys;
using OneWindow.Shared.Security;

namespace OneWindow.Tests.Oidc;

/// <summary>The key that encrypts signing keys at rest, and the OIDC settings checked at start-up.</summary>
public sealed class OidcKeyProtectorTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => v.Value)).Build();

    [Fact]
    public void Signing_keys_at_rest_open_only_for_their_kid_and_a_missing_key_stops_start_up()
    {
        var keys = new AtRestKeys(Config((KeyProtector.Setting, "Jb0Xq7kM2vY9cR4nT1wL6pA8sD3fG5hJ0kZ2xC7vB9E=")), "Testing", sqliteFile: null);
        var protector = KeyProtector.Load(keys);
        var sealedKey = protector.Protect([1, 2, 3], "kid-1");

        Assert.Equal([1, 2, 3], protector.Unprotect(sealedKey, "kid-1"));
        // The kid is bound in: a ciphertext moved to another key row does not decrypt.
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedKey, "kid-2"));
        var error = Assert.Throws<InvalidOperationException>(() => KeyProtector.Load(new AtRestKeys(Config(), "Production", sqliteFile: null)));
        Assert.Contains("Oidc:KeyEncryptionKey is not set", error.Message);
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
