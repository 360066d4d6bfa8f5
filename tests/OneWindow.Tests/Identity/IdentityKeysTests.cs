using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using OneWindow.Identity.Protection;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Identity;

public sealed class IdentityKeysTests
{
    private const string GoodA = "7h0cSJYn/J5Uh05xaRnCeN3NWUw+tan6bdv+jFvCCKM=";
    private const string GoodB = "RBSI5yjg4A2IYClO0FXt7ra4djMrI7PkuY8N1Xl+2hs=";

    private static AtRestKeys Config(string? encryption, string? index, string environment = "Testing") => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Identity:DataProtection:EncryptionKey"] = encryption,
        ["Identity:DataProtection:IndexKey"] = index,
    }).Build(), environment, sqliteFile: null);

    [Theory]
    [InlineData(null, GoodB, "EncryptionKey is not set")]
    [InlineData(GoodA, "", "IndexKey is not set")]
    [InlineData("c2hvcnQ=", GoodB, "EncryptionKey must be 32 bytes")]
    [InlineData(GoodA, "not base64!", "IndexKey must be 32 bytes")]
    [InlineData(GoodA, GoodA, "must be different keys")]
    public void Bad_keys_stop_start_up_with_a_message_naming_the_setting(string? encryption, string? index, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => IdentityKeys.Load(Config(encryption, index)));
        Assert.Contains(expected, error.Message);
        Assert.Contains("openssl rand -base64 32", error.Message);
        Assert.DoesNotContain(GoodA, error.Message);
    }

    [Fact]
    public void Ciphertexts_differ_each_time_decrypt_only_for_their_field_and_the_index_is_stable()
    {
        var protector = new IdentityProtector(IdentityKeys.Load(Config(GoodA, GoodB)));
        var a = protector.Encrypt("11010519491231002X", ProtectedFields.CitizenIdNumber);
        var b = protector.Encrypt("11010519491231002X", ProtectedFields.CitizenIdNumber);
        Assert.NotEqual(a, b);
        Assert.Equal("11010519491231002X", protector.Decrypt(b, ProtectedFields.CitizenIdNumber));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Decrypt(a, ProtectedFields.CitizenPhone));
        a[^1] ^= 1;
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Decrypt(a, ProtectedFields.CitizenIdNumber));
        Assert.Equal(protector.BlindIndex("11010519491231002X", ProtectedFields.CitizenIdNumber), protector.BlindIndex("11010519491231002X", ProtectedFields.CitizenIdNumber));
        var other = new IdentityProtector(IdentityKeys.Load(Config(GoodB, GoodA)));
        Assert.NotEqual(protector.BlindIndex("11010519491231002X", ProtectedFields.CitizenIdNumber), other.BlindIndex("11010519491231002X", ProtectedFields.CitizenIdNumber));
    }

    [Fact]
    public void A_deployment_without_keys_does_not_start()
    {
        // Outside Development keys must come from configuration (the check runs before any connection).
        using var app = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:OneWindow", "Host=127.0.0.1;Port=1;Database=unused;Username=nobody");
            b.UseSetting("Identity:DataProtection:EncryptionKey", "");
            b.UseSetting("Identity:DataProtection:IndexKey", "");
        });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        // Whichever module loads its keys first stops the start with a message naming its setting.
        Assert.Matches(@"[A-Za-z]+(:[A-Za-z]+)+Key is not set", messages);
    }

    [Fact]
    public void Production_refuses_the_public_development_keys()
    {
        Assert.NotNull(IdentityKeys.Load(Config(GoodA, GoodB)));
        var error = Assert.Throws<InvalidOperationException>(() => IdentityKeys.Load(Config(GoodA, GoodB, "Production")));
        Assert.Contains("development keys", error.Message);
        Assert.Contains(GoodA, AtRestKeys.PublicDevelopmentKeys);
        Assert.Contains(GoodB, AtRestKeys.PublicDevelopmentKeys);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e != null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
