using System.Net;
using System.Net.Http.Headers;
using OneWindow.Oidc.Domain;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Security;

/// <summary>
/// A person's tokens end with the browser session they were issued from, through the real identity sessions (no
/// stand-in): sign-out makes the access token 401 and the refresh token invalid_grant; a revoked enterprise agency
/// disappears from the token's principal on the next request.
/// </summary>
public abstract class TokenSessionTests(DbKind kind)
{
    private const string Redirect = "https://test.example/callback";

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task Signing_out_ends_the_access_and_refresh_tokens_issued_from_that_session()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        var session = await SignedInAsync(app, citizen);
        var (rp, tokens) = await TokensAsync(app, session, "openid offline_access cases.read");
        var access = tokens["access_token"]!.GetValue<string>();
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var http = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await OidcTestKit.MeAsync(http, access)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(session, "/signout", [], tokenPage: "/account")).StatusCode);

        await OidcTestKit.AssertRefusedAsync(http, access, "access token after sign-out");
        Assert.Equal("invalid_grant", await OidcTestKit.OAuthErrorAsync(await OidcTestKit.RefreshAsync(http, rp.Client.ClientId, rp.Secret, refresh), HttpStatusCode.BadRequest));
        Assert.False((await OidcTestKit.IntrospectAsync(http, rp.Client.ClientId, rp.Secret, access))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_revoked_agency_leaves_the_agents_token_at_once()
    {
        var app = await AppAsync();
        var owner = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var enterprise = await EnterpriseAgentTests.RegisterEnterpriseAsync(app, ownerClient, owner.Name, "令牌代办测试有限公司" + Guid.NewGuid().ToString("N")[..6]);
        var agent = await RegisterAsync(app);
        var grant = await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents",
            new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true", ["ValidUntil"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd") }, "Grant");
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        var agentSession = await SignedInAsync(app, agent);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(agentSession, "/account", new() { ["enterpriseId"] = enterprise.ToString() }, "Switch")).StatusCode);
        var (_, tokens) = await TokensAsync(app, agentSession, "openid cases.read");
        var http = app.Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        Assert.Equal(enterprise, (await Json.GetAsync(http, "/api/v1/me"))["actingForEnterpriseId"]!.GetValue<long>());

        var memberId = await app.QueryAsync<OneWindow.Identity.Data.IdentityDbContext, long>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.EnterpriseMembers.Where(m => m.EnterpriseId == enterprise && m.CitizenId == agent.Id).Select(m => m.Id)));
        var revoke = await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["memberId"] = memberId.ToString() }, "Revoke");
        Assert.True((int)revoke.StatusCode is 302 or 200);

        Assert.Null((await Json.GetAsync(http, "/api/v1/me"))["actingForEnterpriseId"]);
    }

    private static async Task<(OneWindow.Oidc.Clients.RegisteredClient Client, System.Text.Json.Nodes.JsonNode Tokens)> TokensAsync(OneWindowApp app, HttpClient session, string scope)
    {
        var rp = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.AuthorizationCode, OidcScopes.RefreshToken], scope.Split(' '), redirects: [Redirect]);
        return (rp, await OidcTestKit.SignInTokensAsync(session, app.Anonymous(), rp.Client.ClientId, rp.Secret, Redirect, scope));
    }
}

[Trait("Database", "Sqlite")]
public sealed class TokenSessionTestsOnSqlite() : TokenSessionTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class TokenSessionTestsOnPostgres() : TokenSessionTests(DbKind.Postgres);
