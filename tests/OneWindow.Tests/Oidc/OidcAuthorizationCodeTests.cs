using System.Net;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>The authorization code flow with PKCE: redirect safety, request checks, code exchange, userinfo, logout.</summary>
public abstract class OidcAuthorizationCodeTests(DbKind kind)
{
    private const string Redirect = "https://test.example/callback";

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_signed_in_staff_member_gets_a_code_and_the_client_gets_tokens_about_them()
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        var session = await Json.GetAsync(signedIn, "/api/v1/me");
        var (verifier, challenge) = NewPkce();
        var response = await signedIn.GetAsync(AuthorizeUrl(DemoClient, DemoRedirect, challenge, state: "s-42", nonce: "nonce-42"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryOf(response.Headers.Location!);
        Assert.Equal("s-42", query["state"]);
        Assert.Equal("http://localhost", query["iss"]);
        Assert.Equal(43, query["code"].Length);

        var tokens = await Json.ReadAsync(await ExchangeAsync(app.Anonymous(), DemoClient, DemoSecret, query["code"], DemoRedirect, verifier));
        Assert.Equal("Bearer", tokens["token_type"]!.GetValue<string>());
        Assert.Equal("openid profile catalog.read", tokens["scope"]!.GetValue<string>());
        var id = Payload(tokens["id_token"]!.GetValue<string>());
        Assert.Equal("http://localhost", id["iss"]!.GetValue<string>());
        Assert.Equal(DemoClient, id["aud"]!.GetValue<string>());
        Assert.Equal(session["subject"]!.GetValue<string>(), id["sub"]!.GetValue<string>());
        Assert.Equal("nonce-42", id["nonce"]!.GetValue<string>());
        Assert.Equal("staff", id["ow:kind"]!.GetValue<string>());
        Assert.Equal(session["name"]!.GetValue<string>(), id["name"]!.GetValue<string>());
        Assert.Equal(session["departmentId"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), id["ow:department"]!.GetValue<string>());
        Assert.Contains("catalog_editor", id["role"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.True(id["auth_time"]!.GetValue<long>() <= id["iat"]!.GetValue<long>());
        Assert.Equal(600, id["exp"]!.GetValue<long>() - id["iat"]!.GetValue<long>());

        var access = tokens["access_token"]!.GetValue<string>();
        var me = await Json.ReadAsync(await MeAsync(app.Anonymous(), access));
        Assert.Equal(session["subject"]!.GetValue<string>(), me["subject"]!.GetValue<string>());
        Assert.Equal("staff", me["kind"]!.GetValue<string>());
        Assert.Equal(session["departmentId"]!.GetValue<long>(), me["departmentId"]!.GetValue<long>());
        Assert.Equal(["openid", "profile", "catalog.read"], me["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));

        using var userinfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        userinfo.Headers.Authorization = new("Bearer", access);
        var info = await Json.ReadAsync(await app.Anonymous().SendAsync(userinfo));
        Assert.Equal(id["sub"]!.GetValue<string>(), info["sub"]!.GetValue<string>());
        Assert.Equal(id["name"]!.GetValue<string>(), info["name"]!.GetValue<string>());

        var issued = await AuditAsync(app, "oidc.token.issued", DemoClient);
        Assert.Contains(issued, e => e.DataJson!.Contains(Payload(access)["jti"]!.GetValue<string>(), StringComparison.Ordinal) && e.DataJson.Contains("authorization_code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_client_or_unregistered_redirect_uri_gets_a_400_page_and_is_never_redirected()
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        var (_, challenge) = NewPkce();
        foreach (var url in new[]
        {
            AuthorizeUrl("no-such-client", DemoRedirect, challenge),
            AuthorizeUrl(DemoClient, "https://evil.example/callback", challenge),
            AuthorizeUrl(DemoClient, DemoRedirect + "/", challenge),
            AuthorizeUrl(DemoClient, DemoRedirect + "?next=https://evil.example", challenge),
            AuthorizeUrl(DemoClient, "HTTP://LOCALHOST:5090/callback", challenge),
            AuthorizeUrl(DemoClient, "", challenge),
            "/connect/authorize?response_type=code&client_id=" + DemoClient,
            "/connect/authorize?response_type=code&redirect_uri=" + Uri.EscapeDataString(DemoRedirect),
        })
        {
            foreach (var client in new[] { signedIn, app.Anonymous() })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}");
                Assert.Null(response.Headers.Location);
            }
        }

        using var page = new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl(DemoClient, "https://evil.example/callback", challenge));
        page.Headers.Accept.ParseAdd("text/html");
        var html = await signedIn.SendAsync(page);
        Assert.Equal(HttpStatusCode.BadRequest, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("redirect_uri", await html.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, null, "invalid_request")]
    [InlineData("CHALLENGE", null, "invalid_request")]
    [InlineData("CHALLENGE", "plain", "invalid_request")]
    [InlineData("CHALLENGE", "s256", "invalid_request")]
    [InlineData("short", "S256", "invalid_request")]
    public async Task Missing_or_weak_PKCE_is_sent_back_to_the_client_as_an_error(string? challenge, string? method, string error)
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        var real = NewPkce().Challenge;
        var response = await signedIn.GetAsync(AuthorizeUrl(DemoClient, DemoRedirect, challenge == "CHALLENGE" ? real : challenge, state: "st-pkce", method: method));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(DemoRedirect + "?", response.Headers.Location!.ToString());
        var query = QueryOf(response.Headers.Location!);
        Assert.Equal(error, query["error"]);
        Assert.Equal("st-pkce", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Theory]
    [InlineData("response_type", "token", "unsupported_response_type")]
    [InlineData("scope", "profile catalog.read", "invalid_scope")]
    [InlineData("scope", "openid admin", "invalid_scope")]
    [InlineData("request", "eyJ.eyJ.x", "request_not_supported")]
    public async Task Other_bad_requests_are_sent_back_with_their_error(string name, string value, string error)
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        var url = AuthorizeUrl(DemoClient, DemoRedirect, NewPkce().Challenge, state: "st-x", extra: new Dictionary<string, string?> { [name] = value });
        var response = await signedIn.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryOf(response.Headers.Location!);
        Assert.Equal(error, query["error"]);
        Assert.Equal("st-x", query["state"]);
    }

    [Fact]
    public async Task Without_a_session_the_browser_goes_to_sign_in_and_comes_back_to_the_same_request()
    {
        var app = await AppAsync();
        var url = AuthorizeUrl(DemoClient, DemoRedirect, NewPkce().Challenge, state: "st-back");
        var response = await app.Anonymous().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("http://localhost/signin?ReturnUrl=", location);
        var returnUrl = QueryOf(new Uri(location))["ReturnUrl"];
        Assert.StartsWith("/connect/authorize?", returnUrl);
        Assert.Equal(QueryOf(new Uri("http://x" + url)).OrderBy(p => p.Key), QueryOf(new Uri("http://x" + returnUrl)).OrderBy(p => p.Key));

        var none = await app.Anonymous().GetAsync(AuthorizeUrl(DemoClient, DemoRedirect, NewPkce().Challenge, state: "st-none", extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        Assert.Equal("login_required", QueryOf(none.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task A_replayed_code_is_invalid_grant_and_audited_with_the_token_it_first_bought()
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        var client = await CreateClientAsync(app.Services, redirects: [Redirect]);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(signedIn, AuthorizeUrl(client.Client.ClientId, Redirect, challenge), Redirect);
        var first = await ExchangeAsync(app.Anonymous(), client.Client.ClientId, client.Secret, code, Redirect, verifier);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var jti = Payload((await Json.ReadAsync(first))["access_token"]!.GetValue<string>())["jti"]!.GetValue<string>();

        var again = await ExchangeAsync(app.Anonymous(), client.Client.ClientId, client.Secret, code, Redirect, verifier);
        Assert.Equal("invalid_grant", await OAuthErrorAsync(again, HttpStatusCode.BadRequest));
        var replays = await OidcTestKit.QueryAsync<OneWindow.Audit.Data.AuditDbContext, List<OneWindow.Audit.Domain.AuditEntry>>(app, db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Entries.Where(e => e.Action == "oidc.code.replayed" && e.Actor == "client:" + client.Client.ClientId)));
        var replay = Assert.Single(replays);
        Assert.Contains(jti, replay.DataJson);
        Assert.DoesNotContain(code, replay.DataJson + replay.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_verifier_redirect_uri_client_or_an_unknown_code_is_invalid_grant()
    {
        var app = await AppAsync();
        var signedIn = await app.SignedInAsync("editor", "ga");
        var client = await CreateClientAsync(app.Services, redirects: [Redirect, Redirect + "2"]);
        var other = await CreateClientAsync(app.Services, redirects: [Redirect]);
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(signedIn, AuthorizeUrl(client.Client.ClientId, Redirect, challenge), Redirect);
        var http = app.Anonymous();
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(http, client.Client.ClientId, client.Secret, code, Redirect, NewPkce().Verifier), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(http, client.Client.ClientId, client.Secret, code, Redirect, ""), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(http, client.Client.ClientId, client.Secret, code, Redirect, challenge), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(http, client.Client.ClientId, client.Secret, code, Redirect + "2", verifier), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(http, other.Client.ClientId, other.Secret, code, Redirect, verifier), HttpStatusCode.BadRequest));
        Assert.Equal("invalid_grant", await OAuthErrorAsync(await ExchangeAsync(http, client.Client.ClientId, client.Secret, code + "x", Redirect, verifier), HttpStatusCode.BadRequest));
        // None of those consumed it: the rightful exchange still works, once.
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(http, client.Client.ClientId, client.Secret, code, Redirect, verifier)).StatusCode);
    }

    [Fact]
    public async Task Userinfo_describes_users_only()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var clientToken = await ClientTokenAsync(http, DemoClient, DemoSecret);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new("Bearer", clientToken);
        var response = await http.SendAsync(request);
        Assert.Equal("insufficient_scope", await OAuthErrorAsync(response, HttpStatusCode.Forbidden));
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString());

        Assert.Equal("invalid_token", await OAuthErrorAsync(await http.GetAsync("/connect/userinfo"), HttpStatusCode.Unauthorized));
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        forged.Headers.Authorization = new("Bearer", clientToken[..^3] + "abc");
        Assert.Equal("invalid_token", await OAuthErrorAsync(await http.SendAsync(forged), HttpStatusCode.Unauthorized));
        // The session cookie is no credential here.
        var signedIn = await app.SignedInAsync("editor", "ga");
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/connect/userinfo")).StatusCode);
    }

    [Fact]
    public async Task Endsession_asks_first_then_signs_out_by_post_and_returns_only_to_a_registered_address()
    {
        var app = await AppAsync();
        var client = await CreateClientAsync(app.Services, redirects: [Redirect], postLogout: ["https://test.example/bye"]);

        var signedIn = await app.SignedInAsync("editor", "ga");
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(signedIn, AuthorizeUrl(client.Client.ClientId, Redirect, challenge), Redirect);
        var idToken = (await Json.ReadAsync(await ExchangeAsync(app.Anonymous(), client.Client.ClientId, client.Secret, code, Redirect, verifier)))["id_token"]!.GetValue<string>();
        var url = $"/connect/endsession?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString("https://test.example/bye")}&state=bye-1";

        // The attack (a link or image on another site): a GET only asks, it signs nobody out.
        var ask = await signedIn.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var html = await ask.Content.ReadAsStringAsync();
        Assert.Contains("确认退出登录？", html);
        Assert.Contains(client.Client.Name, html);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/me")).StatusCode);

        // A cross-site POST without this site's antiforgery token: asked again, still signed in.
        var crossSite = await signedIn.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string> { ["id_token_hint"] = idToken }));
        Assert.Equal(HttpStatusCode.OK, crossSite.StatusCode);
        Assert.Contains("确认退出登录？", await crossSite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/me")).StatusCode);

        // The confirmation form: signed out, back to the registered address.
        var back = await ConfirmEndSessionAsync(signedIn, url);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("https://test.example/bye?state=bye-1", back.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/v1/me")).StatusCode);

        // An address not registered for that client: signed out, but no redirect.
        var again = await app.SignedInAsync("editor", "ga");
        var page = await ConfirmEndSessionAsync(again, $"/connect/endsession?client_id={client.Client.ClientId}&post_logout_redirect_uri={Uri.EscapeDataString("https://evil.example/")}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(page.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/v1/me")).StatusCode);

        // Another client's registered address does not count either; a forged hint is refused outright.
        var third = await app.SignedInAsync("editor", "ga");
        var mismatch = await ConfirmEndSessionAsync(third, $"/connect/endsession?client_id={DemoClient}&post_logout_redirect_uri={Uri.EscapeDataString("https://test.example/bye")}");
        Assert.Null(mismatch.Headers.Location);
        var forged = await app.Anonymous().GetAsync($"/connect/endsession?id_token_hint={idToken[..^3]}abc&post_logout_redirect_uri={Uri.EscapeDataString("https://test.example/bye")}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
    }

    /// <summary>Opens the end-session confirmation page and submits its form (with the antiforgery token) as a browser would.</summary>
    private static async Task<HttpResponseMessage> ConfirmEndSessionAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        return await client.PostAsync("/connect/endsession", new FormUrlEncodedContent(fields));
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcAuthorizationCodeTestsOnSqlite() : OidcAuthorizationCodeTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcAuthorizationCodeTestsOnPostgres() : OidcAuthorizationCodeTests(DbKind.Postgres);
