using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Codes;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Keys;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>
/// Time-dependent behaviour on a platform clock the test moves: token expiry, code expiry, and signing-key rotation
/// (pre-publication, retirement, deletion) across two nodes sharing one database.
/// </summary>
public abstract class OidcClockTests(DbKind kind) : IAsyncLifetime
{
    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);
    private TestDatabase database = null!;
    private OneWindowApp root = null!;
    private WebApplicationFactory<Program> node = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(kind);
        // The tests rotate keys themselves: the minute loop would otherwise reload a node's keys (or rotate) whenever a
        // slow machine lets a test run past a minute, and "the other node does not know the key yet" would not hold.
        root = new OneWindowApp(database, demoData: false, settings: new Dictionary<string, string> { ["Oidc:Rotation"] = "false" });
        node = await StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        await root.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>A node of the platform on the test's database and clock.</summary>
    private async Task<WebApplicationFactory<Program>> StartNodeAsync()
    {
        // The refresh tests issue tokens for a made-up user with no browser session; session binding has its own tests
        // (OidcSessionBoundTests, SessionTests, TokenSessionTests), so here every principal's session counts as live.
        var factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddScoped<OneWindow.Shared.Security.IAccountSessions, LiveSessions>();
        }));
        await factory.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        return factory;
    }

    [Fact]
    public async Task An_access_token_stops_working_when_it_expires()
    {
        var client = await CreateClientAsync(node.Services);
        var http = node.CreateClient();
        var token = await ClientTokenAsync(http, client.Client.ClientId, client.Secret);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, token)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, token)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2)); // 11 minutes: past the 10-minute lifetime and the 30-second skew
        await AssertRefusedAsync(http, token, "expired");
    }

    [Fact]
    public async Task Refresh_tokens_expire_unused_after_their_period_and_families_after_their_longest_life()
    {
        var client = await CreateClientAsync(node.Services, [OidcScopes.AuthorizationCode, OidcScopes.RefreshToken],
            [OidcScopes.OpenId, OidcScopes.OfflineAccess], ["https://test.example/callback"]);
        var http = node.CreateClient();
        var user = new UserSnapshot("citizen:1", "citizen", "测试", null, null, [], 1, null);
        async Task<string> IssueAsync()
        {
            await using var scope = node.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OneWindow.Oidc.Refresh.RefreshTokens>()
                .IssueAsync(client.Client.ClientId, user, "openid offline_access", clock.GetUtcNow(), "test-jti", default);
        }

        // Unused for 14 days (Oidc:RefreshTokenDays): expired, and inactive at introspection.
        var idle = await IssueAsync();
        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        Assert.False((await IntrospectAsync(http, client.Client.ClientId, client.Secret, idle))["active"]!.GetValue<bool>());
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, idle), HttpStatusCode.BadRequest));

        // Rotated every 13 days it lives on, but not past 90 days after sign-in (Oidc:RefreshFamilyDays).
        var token = await IssueAsync();
        for (var day = 13; day < 90; day += 13)
        {
            clock.Advance(TimeSpan.FromDays(13));
            var response = await RefreshAsync(http, client.Client.ClientId, client.Secret, token);
            Assert.True(response.IsSuccessStatusCode, $"day {day}: {await response.Content.ReadAsStringAsync()}");
            var body = await Json.ReadAsync(response);
            token = body["refresh_token"]!.GetValue<string>();
            if (day == 13)
            {
                // Its access token expires like any other.
                var access = body["access_token"]!.GetValue<string>();
                clock.Advance(TimeSpan.FromMinutes(11));
                await AssertRefusedAsync(http, access, "expired refreshed access token");
                Assert.False((await IntrospectAsync(http, client.Client.ClientId, client.Secret, access))["active"]!.GetValue<bool>());
                clock.Advance(-TimeSpan.FromMinutes(11));
            }
        }

        clock.Advance(TimeSpan.FromDays(13)); // day 91
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, token), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task An_authorization_code_expires_after_sixty_seconds()
    {
        var client = await CreateClientAsync(node.Services, redirects: ["https://test.example/callback"]);
        var (verifier, challenge) = NewPkce();
        string code;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var user = new UserSnapshot("citizen:1", "citizen", "测试", null, null, [], 1, null);
            code = await scope.ServiceProvider.GetRequiredService<AuthorizationCodes>().IssueAsync(client.Client.ClientId, user, "https://test.example/callback",
                challenge, ["openid"], null, clock.GetUtcNow(), default);
        }

        clock.Advance(TimeSpan.FromSeconds(61));
        var response = await ExchangeAsync(node.CreateClient(), client.Client.ClientId, client.Secret, code, "https://test.example/callback", verifier);
        Assert.Equal("invalid_grant", await OAuthErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Keys_rotate_old_tokens_keep_working_while_they_live_and_retired_keys_disappear_afterwards()
    {
        var client = await CreateClientAsync(node.Services);
        var http = node.CreateClient();
        var first = Assert.Single(await KidsAsync(http));
        var born = (await KeysAsync()).Single().NotBefore;
        Assert.Equal(first, Kid(await ClientTokenAsync(http, client.Client.ClientId, client.Secret)));

        // A day before the key's 30 days are up, its successor is published but does not sign yet.
        clock.Set(born + TimeSpan.FromDays(29) + TimeSpan.FromHours(1));
        Assert.True(await RotateAsync(node));
        var kids = await KidsAsync(http);
        Assert.Equal(2, kids.Count);
        var second = kids.Single(k => k != first);
        Assert.Equal(first, Kid(await ClientTokenAsync(http, client.Client.ClientId, client.Secret)));
        Assert.False(await RotateAsync(node)); // nothing more to do

        // A minute before the handover the old key signs one more token.
        clock.Set(born + TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        var lastOfFirst = await ClientTokenAsync(http, client.Client.ClientId, client.Secret);
        Assert.Equal(first, Kid(lastOfFirst));

        // After the handover the new key signs; the old key is still published and its token still works.
        clock.Set(born + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        await RotateAsync(node);
        var fromSecond = await ClientTokenAsync(http, client.Client.ClientId, client.Secret);
        Assert.Equal(second, Kid(fromSecond));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, lastOfFirst)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, fromSecond)).StatusCode);
        Assert.Contains(first, await KidsAsync(http));

        // Once every token the old key signed has expired, it is dropped from JWKS and from the database.
        clock.Set(born + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(20));
        Assert.True(await RotateAsync(node));
        Assert.Equal([second], await KidsAsync(http));
        Assert.DoesNotContain(await KeysAsync(), k => k.Kid == first);
        Assert.Equal(second, Kid(await ClientTokenAsync(http, client.Client.ClientId, client.Secret)));

        var audit = await OidcTestKit.QueryAsync<OneWindow.Audit.Data.AuditDbContext, List<string>>(node, db =>
            db.Entries.Where(e => e.TargetType == "oidc_signing_key").OrderBy(e => e.Seq).Select(e => e.Action + " " + e.TargetId).ToListAsync());
        Assert.Equal([$"oidc.key.created {first}", $"oidc.key.created {second}", $"oidc.key.dropped {first}"], audit);
    }

    [Fact]
    public async Task Two_nodes_rotating_at_once_make_one_key_and_each_accepts_the_others_tokens()
    {
        await using var other = await StartNodeAsync();
        var client = await CreateClientAsync(node.Services);
        var born = (await KeysAsync()).Single().NotBefore;

        // Far past the lifetime with no successor published (both nodes were idle): both rotate at the same moment.
        clock.Set(born + TimeSpan.FromDays(45));
        var results = await Task.WhenAll(RotateAsync(node), RotateAsync(other), RotateAsync(node), RotateAsync(other));
        Assert.Equal(1, results.Count(changed => changed));
        var keys = await KeysAsync();
        Assert.Equal(2, keys.Count);
        var current = Assert.Single(keys, k => k.ActiveUntil == null);

        var fromNode = await ClientTokenAsync(node.CreateClient(), client.Client.ClientId, client.Secret);
        var fromOther = await ClientTokenAsync(other.CreateClient(), client.Client.ClientId, client.Secret);
        Assert.Equal(current.Kid, Kid(fromNode));
        Assert.Equal(current.Kid, Kid(fromOther));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(other.CreateClient(), fromNode)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(node.CreateClient(), fromOther)).StatusCode);
    }

    [Fact]
    public async Task A_node_learns_a_key_another_node_created_when_a_token_names_it()
    {
        await using var other = await StartNodeAsync();
        var client = await CreateClientAsync(node.Services);
        var born = (await KeysAsync()).Single().NotBefore;
        clock.Set(born + TimeSpan.FromDays(45));

        // Only "node" rotates; "other" still has the old key set in memory.
        Assert.True(await RotateAsync(node));
        var token = await ClientTokenAsync(node.CreateClient(), client.Client.ClientId, client.Secret);
        var fresh = Kid(token);
        Assert.DoesNotContain(fresh, (await other.Services.GetRequiredService<SigningKeyStore>().PublishedAsync()).Select(k => k.Kid));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(other.CreateClient(), token)).StatusCode);
        Assert.Contains(fresh, (await other.Services.GetRequiredService<SigningKeyStore>().PublishedAsync()).Select(k => k.Kid));
    }

    [Fact]
    public async Task Private_keys_are_stored_encrypted()
    {
        var row = (await KeysAsync()).Single();
        Assert.Equal("RS256", row.Algorithm);
        Assert.Equal(1, row.PrivateKeyCipher[0]);
        using var rsa = System.Security.Cryptography.RSA.Create();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => rsa.ImportPkcs8PrivateKey(row.PrivateKeyCipher, out _));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => rsa.ImportPkcs8PrivateKey(row.PrivateKeyCipher.AsSpan(1), out _));
    }

    private static async Task<bool> RotateAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeyRotation>().RotateAsync();
    }

    private Task<List<SigningKey>> KeysAsync() =>
        OidcTestKit.QueryAsync<OidcDbContext, List<SigningKey>>(node, db => db.SigningKeys.AsNoTracking().OrderBy(k => k.NotBefore).ToListAsync());

    private static async Task<List<string>> KidsAsync(HttpClient http) =>
        (await Json.GetAsync(http, "/.well-known/jwks.json"))["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();

    private static string Kid(string token) => Header(token)["kid"]!.GetValue<string>();
}

[Trait("Database", "Sqlite")]
public sealed class OidcClockTestsOnSqlite() : OidcClockTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcClockTestsOnPostgres() : OidcClockTests(DbKind.Postgres);

/// <summary>Every session live, claims as they are (for tests about time, not sessions).</summary>
internal sealed class LiveSessions : OneWindow.Shared.Security.IAccountSessions
{
    public Task<IReadOnlyList<System.Security.Claims.Claim>?> CurrentClaimsAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<System.Security.Claims.Claim>?>(user.Claims.ToList());
}
