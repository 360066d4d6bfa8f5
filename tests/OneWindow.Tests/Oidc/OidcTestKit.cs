using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Audit.Data;
using OneWindow.Audit.Domain;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Oidc;

/// <summary>Helpers shared by the OIDC tests: clients, token requests, PKCE, JWT reading and forging, audit reads.</summary>
internal static class OidcTestKit
{
    public const string DemoClient = DemoClientSeeder.ClientId;
    public const string DemoSecret = DemoClientSeeder.Secret;
    public const string DemoRedirect = "http://localhost:5090/callback";

    /// <summary>Registers a client through the service (audited, as an admin would).</summary>
    public static async Task<RegisteredClient> CreateClientAsync(IServiceProvider services, string[]? grants = null, string[]? scopes = null,
        string[]? redirects = null, string[]? postLogout = null, long? departmentId = null)
    {
        await using var scope = services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        var id = "test-" + Guid.NewGuid().ToString("N")[..12];
        var (client, errors) = await registry.CreateAsync(new ClientRegistration(id, "测试系统 " + id, departmentId,
            grants ?? [OidcScopes.AuthorizationCode, OidcScopes.ClientCredentials],
            scopes ?? [OidcScopes.OpenId, OidcScopes.Profile, OidcScopes.CatalogRead],
            redirects ?? ["https://test.example/callback"], postLogout ?? ["https://test.example/bye"]), "platform-admin-test", null, default);
        Assert.True(errors.IsValid, string.Join("; ", errors.All.SelectMany(e => e.Value)));
        return client!;
    }

    public static Task<HttpResponseMessage> TokenAsync(HttpClient http, string clientId, string secret, IDictionary<string, string> form, bool basic = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token");
        var body = new Dictionary<string, string>(form);
        if (basic)
        {
            var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            body["client_id"] = clientId;
            body["client_secret"] = secret;
        }

        request.Content = new FormUrlEncodedContent(body);
        return http.SendAsync(request);
    }

    public static async Task<string> ClientTokenAsync(HttpClient http, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope != null)
        {
            form["scope"] = scope;
        }

        var response = await TokenAsync(http, clientId, secret, form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await Json.ReadAsync(response))["access_token"]!.GetValue<string>();
    }

    public static async Task<HttpResponseMessage> MeAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>401 problem document with the bearer challenge naming invalid_token.</summary>
    public static async Task AssertRefusedAsync(HttpClient http, string token, string what)
    {
        var response = await MeAsync(http, token);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: expected 401, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Json.ProblemAsync(response, 401);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    public static async Task<string> OAuthErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await Json.ReadAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(body["error_description"]?.GetValue<string>()));
        Assert.Null(body["access_token"]);
        return body["error"]!.GetValue<string>();
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(string clientId, string redirectUri, string? challenge, string state = "st-1", string? nonce = "n-1",
        string scope = "openid profile catalog.read", string? method = "S256", IDictionary<string, string?>? extra = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["scope"] = scope, ["state"] = state,
            ["nonce"] = nonce, ["code_challenge"] = challenge, ["code_challenge_method"] = method,
        };
        foreach (var pair in extra ?? new Dictionary<string, string?>())
        {
            query[pair.Key] = pair.Value;
        }

        return QueryHelpers.AddQueryString("/connect/authorize", query.Where(p => p.Value != null)!);
    }

    public static Dictionary<string, string> QueryOf(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>Follows the authorize URL with a signed-in client and returns the code from the redirect.</summary>
    public static async Task<string> CodeAsync(HttpClient signedIn, string url, string redirectUri)
    {
        var response = await signedIn.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"authorize → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!;
        Assert.StartsWith(redirectUri + "?", location.ToString());
        var query = QueryOf(location);
        Assert.False(query.ContainsKey("error"), location.ToString());
        return query["code"];
    }

    public static Task<HttpResponseMessage> ExchangeAsync(HttpClient http, string clientId, string secret, string code, string redirectUri, string verifier) =>
        TokenAsync(http, clientId, secret, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri, ["code_verifier"] = verifier,
        });

    /// <summary>The whole code flow for a signed-in browser: authorize (with <paramref name="scope"/>), exchange, the token response.</summary>
    public static async Task<JsonNode> SignInTokensAsync(HttpClient signedIn, HttpClient backChannel, string clientId, string secret, string redirectUri, string scope)
    {
        var (verifier, challenge) = NewPkce();
        var code = await CodeAsync(signedIn, AuthorizeUrl(clientId, redirectUri, challenge, scope: scope), redirectUri);
        var response = await ExchangeAsync(backChannel, clientId, secret, code, redirectUri, verifier);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient http, string clientId, string secret, string refreshToken, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (scope != null)
        {
            form["scope"] = scope;
        }

        return TokenAsync(http, clientId, secret, form);
    }

    /// <summary>POST to /connect/revoke or /connect/introspect with client_secret_basic.</summary>
    public static Task<HttpResponseMessage> BackChannelAsync(HttpClient http, string path, string clientId, string secret, IDictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        request.Content = new FormUrlEncodedContent(form);
        return http.SendAsync(request);
    }

    public static async Task<JsonNode> IntrospectAsync(HttpClient http, string clientId, string secret, string token)
    {
        var response = await BackChannelAsync(http, "/connect/introspect", clientId, secret, new Dictionary<string, string> { ["token"] = token });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    public static JsonNode Header(string jwt) => JsonNode.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[0]))!;

    public static JsonNode Payload(string jwt) => JsonNode.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1]))!;

    /// <summary>header.payload.signature with the given parts as JSON (for forgeries).</summary>
    public static string Compose(JsonNode header, JsonNode payload, Func<byte[], byte[]> sign)
    {
        var input = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        return input + "." + Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(input)));
    }

    public static Task<List<AuditEntry>> AuditAsync(WebApplicationFactory<Program> app, string action, string targetId) =>
        QueryAsync<AuditDbContext, List<AuditEntry>>(app, db => db.Entries.AsNoTracking().Where(e => e.Action == action && e.TargetId == targetId).ToListAsync());

    public static async Task<T> QueryAsync<TContext, T>(WebApplicationFactory<Program> app, Func<TContext, Task<T>> query) where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    public static async Task<long> DepartmentIdAsync(IServiceProvider services, string key)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IOrganisationDirectory>().DepartmentByKeyAsync(key, default))!.Id;
    }
}

/// <summary>The platform clock, moved by the test (replaces TimeProvider.System in a dedicated app).</summary>
internal sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref ticks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
