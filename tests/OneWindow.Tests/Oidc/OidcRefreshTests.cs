using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Refresh;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>Refresh tokens: issued only for offline_access, rotated on each use, stored hashed; a replayed token
/// revokes its whole family; revoked, other clients' and disabled clients' tokens are refused; scopes only narrow.</summary>
public abstract class OidcRefreshTests(DbKind kind)
{
    private const string Redirect = "https://test.example/callback";
    private static readonly string[] Grants = [OidcScopes.AuthorizationCode, OidcScopes.RefreshToken];
    private static readonly string[] Scopes = [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.OfflineAccess, OidcScopes.CatalogRead];

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private async Task<(OneWindowApp App, OneWindow.Oidc.Clients.RegisteredClient Client, HttpClient SignedIn, System.Text.Json.Nodes.JsonNode Tokens)> SignedInWithRefreshAsync()
    {
        var app = await AppAsync();
        var client = await CreateClientAsync(app.Services, Grants, Scopes, [Redirect]);
        var signedIn = await app.SignedInAsync("editor", "ga");
        var tokens = await SignInTokensAsync(signedIn, app.Anonymous(), client.Client.ClientId, client.Secret, Redirect, "openid profile offline_access catalog.read");
        return (app, client, signedIn, tokens);
    }

    [Fact]
    public async Task A_refresh_token_comes_only_with_offline_access_and_is_stored_only_as_a_hash()
    {
        var (app, client, signedIn, tokens) = await SignedInWithRefreshAsync();
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        Assert.Equal(43, refresh.Length);
        var rows = await app.QueryAsync<OidcDbContext, List<RefreshToken>>(db => db.RefreshTokens.AsNoTracking().Where(t => t.ClientId == client.Client.ClientId).ToListAsync());
        var row = Assert.Single(rows);
        Assert.Equal(RefreshTokens.Hash(refresh), row.TokenHash);
        Assert.DoesNotContain(rows, r => r.TokenHash.Contains(refresh, StringComparison.Ordinal) || r.PrincipalJson.Contains(refresh, StringComparison.Ordinal));
        Assert.Equal("openid profile offline_access catalog.read", row.Scope);
        Assert.NotEmpty(await AuditAsync(app, "oidc.refresh.issued", row.FamilyId));

        // Without offline_access: no refresh token, even for a client allowed to refresh.
        var plain = await SignInTokensAsync(signedIn, app.Anonymous(), client.Client.ClientId, client.Secret, Redirect, "openid profile");
        Assert.Null(plain["refresh_token"]);

        // A client not registered for offline_access cannot ask for it.
        var other = await CreateClientAsync(app.Services, redirects: [Redirect]);
        var response = await signedIn.GetAsync(AuthorizeUrl(other.Client.ClientId, Redirect, NewPkce().Challenge, scope: "openid offline_access"));
        Assert.Equal("invalid_scope", QueryOf(response.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task Each_refresh_returns_new_tokens_and_uses_up_the_old_refresh_token()
    {
        var (app, client, _, tokens) = await SignedInWithRefreshAsync();
        var http = app.Anonymous();
        var first = tokens["refresh_token"]!.GetValue<string>();
        var response = await RefreshAsync(http, client.Client.ClientId, client.Secret, first);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var refreshed = await Json.ReadAsync(response);
        var second = refreshed["refresh_token"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal("openid profile offline_access catalog.read", refreshed["scope"]!.GetValue<string>());
        var access = refreshed["access_token"]!.GetValue<string>();
        Assert.NotEqual(tokens["access_token"]!.GetValue<string>(), access);
        Assert.Equal(Payload(tokens["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>(), Payload(access)["sub"]!.GetValue<string>());
        var me = await Json.ReadAsync(await MeAsync(http, access));
        Assert.Equal("staff", me["kind"]!.GetValue<string>());

        var rows = await app.QueryAsync<OidcDbContext, List<RefreshToken>>(db => db.RefreshTokens.AsNoTracking().Where(t => t.ClientId == client.Client.ClientId).OrderBy(t => t.Id).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.NotNull(rows[0].UsedAt);
        Assert.Null(rows[1].UsedAt);
        Assert.Equal(rows[0].FamilyId, rows[1].FamilyId);
        Assert.NotEmpty(await AuditAsync(app, "oidc.token.refreshed", rows[0].FamilyId));

        // Narrowing is allowed (the access token only); widening is not.
        var narrowed = await Json.ReadAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, second, "openid"));
        Assert.Equal("openid", narrowed["scope"]!.GetValue<string>());
        Assert.Equal("openid", Payload(narrowed["access_token"]!.GetValue<string>())["scope"]!.GetValue<string>());
        var third = narrowed["refresh_token"]!.GetValue<string>();
        var wider = await RefreshAsync(http, client.Client.ClientId, client.Secret, third, "openid catalog.read cases.write");
        Assert.Equal("invalid_scope", await OAuthErrorAsync(wider, HttpStatusCode.BadRequest));
        // The refused widening used nothing up: the token still refreshes, with the family's full scope.
        var again = await Json.ReadAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, third));
        Assert.Equal("openid profile offline_access catalog.read", again["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_refresh_token_is_refused_and_revokes_the_whole_family()
    {
        var (app, client, _, tokens) = await SignedInWithRefreshAsync();
        var http = app.Anonymous();
        var stolen = tokens["refresh_token"]!.GetValue<string>();
        var legitimate = await Json.ReadAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, stolen));
        var newest = legitimate["refresh_token"]!.GetValue<string>();

        // The attacker replays the used token: refused, and the family is burnt.
        var replay = await RefreshAsync(http, client.Client.ClientId, client.Secret, stolen);
        Assert.Equal("invalid_grant", await OAuthErrorAsync(replay, HttpStatusCode.BadRequest));
        // The newest token of the family is dead too.
        var after = await RefreshAsync(http, client.Client.ClientId, client.Secret, newest);
        Assert.Equal("invalid_grant", await OAuthErrorAsync(after, HttpStatusCode.BadRequest));

        var rows = await app.QueryAsync<OidcDbContext, List<RefreshToken>>(db => db.RefreshTokens.AsNoTracking().Where(t => t.ClientId == client.Client.ClientId).ToListAsync());
        Assert.All(rows, r => Assert.Equal(RefreshRevocation.Reused, r.RevokedReason));
        Assert.NotEmpty(await AuditAsync(app, "oidc.refresh.reused", rows[0].FamilyId));
    }

    [Fact]
    public async Task A_revoked_refresh_token_and_one_presented_by_another_client_are_invalid_grant()
    {
        var (app, client, _, tokens) = await SignedInWithRefreshAsync();
        var http = app.Anonymous();
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        // Another (authenticated, refresh-capable) client presents it: refused, the token itself still works for its owner.
        var thief = await CreateClientAsync(app.Services, Grants, Scopes, [Redirect]);
        var stolen = await RefreshAsync(http, thief.Client.ClientId, thief.Secret, refresh);
        Assert.Equal("invalid_grant", await OAuthErrorAsync(stolen, HttpStatusCode.BadRequest));
        var family = (await app.QueryAsync<OidcDbContext, RefreshToken>(db => db.RefreshTokens.AsNoTracking().FirstAsync(t => t.ClientId == client.Client.ClientId))).FamilyId;
        Assert.NotEmpty(await AuditAsync(app, "oidc.refresh.wrong_client", family));
        var own = await Json.ReadAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, refresh));
        var current = own["refresh_token"]!.GetValue<string>();

        // The owner revokes it (RFC 7009): the family is gone.
        var revoke = await BackChannelAsync(http, "/connect/revoke", client.Client.ClientId, client.Secret, new Dictionary<string, string> { ["token"] = current, ["token_type_hint"] = "refresh_token" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var refused = await RefreshAsync(http, client.Client.ClientId, client.Secret, current);
        Assert.Equal("invalid_grant", await OAuthErrorAsync(refused, HttpStatusCode.BadRequest));
        Assert.NotEmpty(await AuditAsync(app, "oidc.refresh.revoked", family));

        // Garbage and unknown tokens: invalid_grant, never a 500.
        foreach (var junk in new[] { "x", new string('a', 500), "ünïcödé" })
        {
            Assert.Equal("invalid_grant", await OAuthErrorAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, junk), HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task A_client_without_the_refresh_token_grant_cannot_refresh()
    {
        var (app, _, _, tokens) = await SignedInWithRefreshAsync();
        var plain = await CreateClientAsync(app.Services, redirects: [Redirect]);
        var response = await RefreshAsync(app.Anonymous(), plain.Client.ClientId, plain.Secret, tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal("unauthorized_client", await OAuthErrorAsync(response, HttpStatusCode.BadRequest));
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcRefreshTestsOnSqlite() : OidcRefreshTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcRefreshTestsOnPostgres() : OidcRefreshTests(DbKind.Postgres);
