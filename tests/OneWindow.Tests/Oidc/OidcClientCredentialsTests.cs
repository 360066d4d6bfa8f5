using System.Net;
using System.Text.Json.Nodes;
using OneWindow.Oidc.Domain;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>Department systems acting as themselves: client credentials, client authentication, scopes, audit.</summary>
public abstract class OidcClientCredentialsTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_demo_client_gets_a_token_and_me_shows_a_client_of_its_department(bool basic)
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var response = await TokenAsync(http, DemoClient, DemoSecret, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "catalog.read cases.read" }, basic);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await Json.ReadAsync(response);
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(600, body["expires_in"]!.GetValue<int>());
        Assert.Equal("catalog.read cases.read", body["scope"]!.GetValue<string>());
        Assert.Null(body["id_token"]);
        var token = body["access_token"]!.GetValue<string>();

        var header = Header(token);
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal("at+jwt", header["typ"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(header["kid"]!.GetValue<string>()));
        var claims = Payload(token);
        Assert.Equal("onewindow-api", claims["aud"]!.GetValue<string>());
        Assert.Equal(600, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(claims["jti"]!.GetValue<string>()));

        var department = await DepartmentIdAsync(app.Services, "ga");
        var me = await Json.ReadAsync(await MeAsync(http, token));
        Assert.Equal("client:" + DemoClient, me["subject"]!.GetValue<string>());
        Assert.Equal("client", me["kind"]!.GetValue<string>());
        Assert.Equal("公安局业务办理系统", me["name"]!.GetValue<string>());
        Assert.Equal(department, me["departmentId"]!.GetValue<long>());
        Assert.Empty(me["roles"]!.AsArray());
        Assert.Equal(["catalog.read", "cases.read"], me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));

        // The bearer token also opens the catalogue API.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalog/departments");
        request.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);

        // Issuance is audited, naming the client and the token id, never the token.
        var entry = (await AuditAsync(app, "oidc.token.issued", DemoClient)).Single(e => e.DataJson!.Contains(claims["jti"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("client:" + DemoClient, entry.Actor);
        Assert.DoesNotContain(token.Split('.')[2], entry.DataJson + entry.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSecret, entry.DataJson + entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_scope_parameter_the_client_gets_its_non_user_scopes()
    {
        var app = await AppAsync();
        var response = await TokenAsync(app.Anonymous(), DemoClient, DemoSecret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal("catalog.read cases.read cases.write webhooks.manage licences.read licences.write", (await Json.ReadAsync(response))["scope"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("wrong-secret-wrong-secret-wrong-secret", true)]
    [InlineData("wrong-secret-wrong-secret-wrong-secret", false)]
    [InlineData("", false)]
    public async Task A_wrong_secret_is_401_invalid_client_nothing_is_issued_and_the_refusal_is_audited(string secret, bool basic)
    {
        var app = await AppAsync();
        var client = await CreateClientAsync(app.Services);
        var before = (await AuditAsync(app, "oidc.client.auth_failed", client.Client.ClientId)).Count;
        var response = await TokenAsync(app.Anonymous(), client.Client.ClientId, secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, basic);
        Assert.Equal("invalid_client", await OAuthErrorAsync(response, HttpStatusCode.Unauthorized));
        if (basic)
        {
            Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString());
        }

        Assert.Empty(await AuditAsync(app, "oidc.token.issued", client.Client.ClientId));
        if (secret.Length > 0)
        {
            var refusals = await AuditAsync(app, "oidc.client.auth_failed", client.Client.ClientId);
            Assert.Equal(before + 1, refusals.Count);
            Assert.All(refusals, e => Assert.DoesNotContain(secret, e.Summary + e.DataJson, StringComparison.Ordinal));
            Assert.All(refusals, e => Assert.DoesNotContain(client.Secret, e.Summary + e.DataJson, StringComparison.Ordinal));
        }

        // The right secret still works.
        Assert.False(string.IsNullOrEmpty(await ClientTokenAsync(app.Anonymous(), client.Client.ClientId, client.Secret)));
    }

    [Fact]
    public async Task An_unknown_client_is_401_invalid_client()
    {
        var app = await AppAsync();
        var response = await TokenAsync(app.Anonymous(), "no-such-client", "whatever-whatever-whatever-whatever", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal("invalid_client", await OAuthErrorAsync(response, HttpStatusCode.Unauthorized));
        Assert.NotEmpty(await AuditAsync(app, "oidc.client.auth_failed", "no-such-client"));
    }

    [Theory]
    [InlineData("cases.write")]
    [InlineData("catalog.read cases.read")]
    [InlineData("openid")]
    [InlineData("profile")]
    [InlineData("nonsense")]
    public async Task A_scope_the_client_may_not_use_as_itself_is_invalid_scope(string scope)
    {
        var app = await AppAsync();
        var client = await CreateClientAsync(app.Services, scopes: [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.CatalogRead]);
        var response = await TokenAsync(app.Anonymous(), client.Client.ClientId, client.Secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope });
        Assert.Equal("invalid_scope", await OAuthErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty(await AuditAsync(app, "oidc.token.issued", client.Client.ClientId));
    }

    [Fact]
    public async Task Grants_the_client_was_not_given_and_unknown_grants_are_refused()
    {
        var app = await AppAsync();
        var codeOnly = await CreateClientAsync(app.Services, grants: [OidcScopes.AuthorizationCode]);
        var http = app.Anonymous();
        Assert.Equal("unauthorized_client", await OAuthErrorAsync(await TokenAsync(http, codeOnly.Client.ClientId, codeOnly.Secret,
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" }), HttpStatusCode.BadRequest));
        Assert.Equal("unsupported_grant_type", await OAuthErrorAsync(await TokenAsync(http, DemoClient, DemoSecret,
            new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "x", ["password"] = "y" }), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_request", await OAuthErrorAsync(await TokenAsync(http, DemoClient, DemoSecret,
            new Dictionary<string, string>()), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Presenting_the_secret_twice_or_as_json_is_an_invalid_request()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        using var both = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = DemoClient, ["client_secret"] = DemoSecret }),
        };
        both.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(DemoClient + ":" + DemoSecret)));
        Assert.Equal("invalid_request", await OAuthErrorAsync(await http.SendAsync(both), HttpStatusCode.BadRequest));
        var json = await Json.PostAsync(http, "/connect/token", new JsonObject { ["grant_type"] = "client_credentials" });
        Assert.Equal("invalid_request", await OAuthErrorAsync(json, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Creating_a_client_is_audited_and_only_the_hash_of_its_secret_is_stored()
    {
        var app = await AppAsync();
        var client = await CreateClientAsync(app.Services);
        var entry = Assert.Single(await AuditAsync(app, "oidc.client.created", client.Client.ClientId));
        Assert.Equal("platform-admin-test", entry.Actor);
        Assert.DoesNotContain(client.Secret, entry.Summary + entry.DataJson, StringComparison.Ordinal);
        var stored = await QueryAsync<OneWindow.Oidc.Data.OidcDbContext, string>(app, db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Clients.Where(c => c.ClientId == client.Client.ClientId).Select(c => c.SecretHash)));
        Assert.StartsWith("pbkdf2-sha256$", stored);
        Assert.DoesNotContain(client.Secret, stored, StringComparison.Ordinal);
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcClientCredentialsTestsOnSqlite() : OidcClientCredentialsTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcClientCredentialsTestsOnPostgres() : OidcClientCredentialsTests(DbKind.Postgres);
