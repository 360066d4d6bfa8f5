using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>Revocation (RFC 7009) of access tokens, introspection (RFC 7662), consent bounded by role, and tampered
/// tokens.</summary>
public abstract class OidcRevocationTests(DbKind kind)
{
    private const string Redirect = "https://test.example/callback";

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_revoked_access_token_is_refused_by_the_API_and_inactive_on_introspection()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var client = await CreateClientAsync(app.Services);
        var token = await ClientTokenAsync(http, client.Client.ClientId, client.Secret, "catalog.read");
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, token)).StatusCode);

        // Another client cannot revoke it (200 all the same, nothing changes).
        var other = await CreateClientAsync(app.Services);
        var foreign = await BackChannelAsync(http, "/connect/revoke", other.Client.ClientId, other.Secret, new Dictionary<string, string> { ["token"] = token });
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(http, token)).StatusCode);

        var revoke = await BackChannelAsync(http, "/connect/revoke", client.Client.ClientId, client.Secret, new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await AssertRefusedAsync(http, token, "revoked access token");
        Assert.False((await IntrospectAsync(http, client.Client.ClientId, client.Secret, token))["active"]!.GetValue<bool>());
        Assert.NotEmpty(await AuditAsync(app, "oidc.token.revoked", Payload(token)["jti"]!.GetValue<string>()));

        // Revoking again, or revoking nonsense: 200 per the RFC.
        foreach (var again in new[] { token, "not-a-token", "eyJhbGciOiJub25lIn0.e30." })
        {
            var response = await BackChannelAsync(http, "/connect/revoke", client.Client.ClientId, client.Secret, new Dictionary<string, string> { ["token"] = again });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Without client authentication: 401 invalid_client; without a token: invalid_request.
        var anonymous = await http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal("invalid_client", await OAuthErrorAsync(anonymous, HttpStatusCode.Unauthorized));
        var wrongSecret = await BackChannelAsync(http, "/connect/revoke", client.Client.ClientId, client.Secret + "x", new Dictionary<string, string> { ["token"] = token });
        Assert.Equal("invalid_client", await OAuthErrorAsync(wrongSecret, HttpStatusCode.Unauthorized));
        var missing = await BackChannelAsync(http, "/connect/revoke", client.Client.ClientId, client.Secret, new Dictionary<string, string>());
        Assert.Equal("invalid_request", await OAuthErrorAsync(missing, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Introspection_describes_active_tokens_and_says_only_inactive_for_anything_else()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var client = await CreateClientAsync(app.Services, [OidcScopes.AuthorizationCode, OidcScopes.RefreshToken, OidcScopes.ClientCredentials],
            [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.OfflineAccess, OidcScopes.CatalogRead], [Redirect]);
        var signedIn = await app.SignedInAsync("editor", "ga");
        var tokens = await SignInTokensAsync(signedIn, http, client.Client.ClientId, client.Secret, Redirect, "openid offline_access catalog.read");
        var access = tokens["access_token"]!.GetValue<string>();
        var claims = Payload(access);

        var active = await IntrospectAsync(http, client.Client.ClientId, client.Secret, access);
        Assert.True(active["active"]!.GetValue<bool>());
        Assert.Equal("openid offline_access catalog.read", active["scope"]!.GetValue<string>());
        Assert.Equal(client.Client.ClientId, active["client_id"]!.GetValue<string>());
        Assert.Equal(claims["sub"]!.GetValue<string>(), active["sub"]!.GetValue<string>());
        Assert.Equal(claims["exp"]!.GetValue<long>(), active["exp"]!.GetValue<long>());
        Assert.Equal(claims["iat"]!.GetValue<long>(), active["iat"]!.GetValue<long>());
        Assert.Equal("Bearer", active["token_type"]!.GetValue<string>());
        Assert.Equal("http://localhost", active["iss"]!.GetValue<string>());

        // A resource-server client may introspect access tokens it did not get itself.
        var other = await CreateClientAsync(app.Services);
        Assert.True((await IntrospectAsync(http, other.Client.ClientId, other.Secret, access))["active"]!.GetValue<bool>());

        // A refresh token: active for its own client only.
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var own = await IntrospectAsync(http, client.Client.ClientId, client.Secret, refresh);
        Assert.True(own["active"]!.GetValue<bool>());
        Assert.Equal("refresh_token", own["token_type"]!.GetValue<string>());
        AssertInactive(await IntrospectAsync(http, other.Client.ClientId, other.Secret, refresh));

        // Another audience (the ID token is for the client, not the API), forged, tampered, garbage: inactive.
        var idToken = tokens["id_token"]!.GetValue<string>();
        var parts = access.Split('.');
        var widened = Payload(access);
        widened["scope"] = "openid offline_access catalog.read cases.write";
        var tampered = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(widened.ToJsonString()) + "." + parts[2];
        foreach (var token in new[] { idToken, tampered, access[..^4] + "AAAA", "garbage", new string('x', 9000) })
        {
            AssertInactive(await IntrospectAsync(http, client.Client.ClientId, client.Secret, token));
        }

        // After rotation the used refresh token is inactive.
        await Json.ReadAsync(await RefreshAsync(http, client.Client.ClientId, client.Secret, refresh));
        AssertInactive(await IntrospectAsync(http, client.Client.ClientId, client.Secret, refresh));

        var anonymous = await http.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = access }));
        Assert.Equal("invalid_client", await OAuthErrorAsync(anonymous, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_token_with_an_edited_scope_is_refused()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var client = await CreateClientAsync(app.Services);
        var token = await ClientTokenAsync(http, client.Client.ClientId, client.Secret, "catalog.read");
        var parts = token.Split('.');
        var payload = Payload(token);
        payload["scope"] = "catalog.read cases.write clients.manage";
        var edited = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString()) + "." + parts[2];
        await AssertRefusedAsync(http, edited, "scope edited in the payload");
    }

    [Fact]
    public async Task A_person_cannot_grant_a_scope_their_role_may_not_consent_to()
    {
        var app = await AppAsync();
        var client = await CreateClientAsync(app.Services, scopes: [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.ClientsManage], redirects: [Redirect]);

        // A catalogue editor asks to hand clients.manage to the system: sent back with invalid_scope, audited, no code.
        var editor = await app.SignedInAsync("editor", "ga");
        var editorSubject = (await Json.GetAsync(editor, "/api/v1/me"))["subject"]!.GetValue<string>();
        var response = await editor.GetAsync(AuthorizeUrl(client.Client.ClientId, Redirect, NewPkce().Challenge, state: "st-consent", scope: "openid clients.manage"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(Redirect + "?", response.Headers.Location!.ToString());
        var query = QueryOf(response.Headers.Location!);
        Assert.Equal("invalid_scope", query["error"]);
        Assert.Contains("clients.manage", query["error_description"]);
        Assert.Equal("st-consent", query["state"]);
        Assert.False(query.ContainsKey("code"));
        var refusals = await AuditAsync(app, "oidc.consent.refused", client.Client.ClientId);
        Assert.Contains(refusals, e => e.Actor == editorSubject);

        // A department admin may grant it.
        var admin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga");
        var tokens = await SignInTokensAsync(admin, app.Anonymous(), client.Client.ClientId, client.Secret, Redirect, "openid clients.manage");
        Assert.Equal("openid clients.manage", tokens["scope"]!.GetValue<string>());
    }

    private static void AssertInactive(JsonNode body)
    {
        Assert.False(body["active"]!.GetValue<bool>());
        Assert.Single(body.AsObject());
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcRevocationTestsOnSqlite() : OidcRevocationTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcRevocationTestsOnPostgres() : OidcRevocationTests(DbKind.Postgres);
