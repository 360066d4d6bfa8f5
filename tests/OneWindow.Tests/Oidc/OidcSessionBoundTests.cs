using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>
/// User tokens are bound to the account and session they came from: the bearer check and each refresh ask
/// IAccountSessions (played here by a test double; the identity module implements it). An ended session makes the
/// access token 401 and the refresh invalid_grant with its family revoked; otherwise the principal carries the
/// account's current claims but never more scope than the token.
/// </summary>
public abstract class OidcSessionBoundTests(DbKind kind)
{
    private const string Redirect = "https://test.example/callback";

    private static readonly AppPerDatabase Apps = new(services => services.AddSingleton<IAccountSessions>(Sessions.Instance));

    [Fact]
    public async Task Ending_the_session_kills_the_users_access_and_refresh_tokens()
    {
        var app = await Apps.GetAsync(kind);
        var http = app.Anonymous();
        var client = await CreateClientAsync(app.Services, [OidcScopes.AuthorizationCode, OidcScopes.RefreshToken],
            [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.OfflineAccess, OidcScopes.CatalogRead], [Redirect]);
        var signedIn = await app.SignedInAsync("editor", "ga");
        var tokens = await SignInTokensAsync(signedIn, http, client.Client.ClientId, client.Secret, Redirect, "openid offline_access catalog.read");
        var access = tokens["access_token"]!.GetValue<string>();
        // Keyed by the test account's unique name: both databases' apps share the double, and their ids may coincide.
        var subject = Payload(access)["name"]!.GetValue<string>();

        // While the session lives: the account's current claims (the double adds a role), the token's own scope (the
        // double's extra scope claim is ignored).
        Sessions.Instance.ExtraRole[subject] = StaffRoles.Reviewer;
        var me = await Json.ReadAsync(await MeAsync(http, access));
        Assert.Contains(StaffRoles.Reviewer, me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["openid", "offline_access", "catalog.read"], me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(PlatformAuthentication.BearerScheme, Sessions.Instance.SeenAuthenticationType[subject]);
        var refreshed = await Json.ReadAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, tokens["refresh_token"]!.GetValue<string>()));
        Assert.Contains(StaffRoles.Reviewer, Payload(refreshed["access_token"]!.GetValue<string>())["role"]!.AsArray().Select(r => r!.GetValue<string>()));

        // The session ends: the access tokens are refused, the refresh fails and burns the family.
        Sessions.Instance.Ended.TryAdd(subject, true);
        await AssertRefusedAsync(http, access, "access token of an ended session");
        await AssertRefusedAsync(http, refreshed["access_token"]!.GetValue<string>(), "refreshed access token of an ended session");
        var refused = await RefreshAsync(http, client.Client.ClientId, client.Secret, refreshed["refresh_token"]!.GetValue<string>());
        Assert.Equal("invalid_grant", await OAuthErrorAsync(refused, HttpStatusCode.BadRequest));
        var rows = await app.QueryAsync<OidcDbContext, List<RefreshToken>>(db => db.RefreshTokens.AsNoTracking().Where(t => t.ClientId == client.Client.ClientId).ToListAsync());
        Assert.All(rows, r => Assert.NotNull(r.RevokedAt));
        Assert.Contains(rows, r => r.RevokedReason == RefreshRevocation.AccountInvalid);
        Assert.False((await IntrospectAsync(http, client.Client.ClientId, client.Secret, access))["active"]!.GetValue<bool>());

        // A department system's own token has no session: unaffected.
        var own = await CreateClientAsync(app.Services);
        var clientToken = await ClientTokenAsync(http, own.Client.ClientId, own.Secret, "catalog.read");
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, clientToken)).StatusCode);
    }

    /// <summary>The identity module's IAccountSessions, played by the test: every account current (with an extra role and
    /// a scope claim that must not count) until the test ends its session.</summary>
    private sealed class Sessions : IAccountSessions
    {
        public static readonly Sessions Instance = new();

        public ConcurrentDictionary<string, bool> Ended { get; } = new();

        public ConcurrentDictionary<string, string> ExtraRole { get; } = new();

        public ConcurrentDictionary<string, string> SeenAuthenticationType { get; } = new();

        public Task<IReadOnlyList<Claim>?> CurrentClaimsAsync(ClaimsPrincipal user, CancellationToken ct)
        {
            var subject = user.FindFirstValue(PlatformClaims.Name) ?? "";
            SeenAuthenticationType[subject] = user.Identity?.AuthenticationType ?? "";
            if (Ended.ContainsKey(subject))
            {
                return Task.FromResult<IReadOnlyList<Claim>?>(null);
            }

            var claims = user.Claims.Where(c => c.Type != PlatformClaims.Scope).Select(c => new Claim(c.Type, c.Value)).ToList();
            if (ExtraRole.TryGetValue(subject, out var role))
            {
                claims.Add(new Claim(PlatformClaims.Role, role));
            }

            claims.Add(new Claim(PlatformClaims.Scope, "cases.write clients.manage"));
            return Task.FromResult<IReadOnlyList<Claim>?>(claims);
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcSessionBoundTestsOnSqlite() : OidcSessionBoundTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcSessionBoundTestsOnPostgres() : OidcSessionBoundTests(DbKind.Postgres);
