using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>
/// API keys (owk_…): created, listed and revoked by a citizen's session only; the key (X-Api-Key only) works on
/// GET /api/v1/api-keys/current until revoked or expired, altered keys never; scopes limited to those registered for
/// keys; a per-key rate limit; stored hashed; audited. Each attack shows the request refused.
/// </summary>
public abstract class ApiKeyTests(DbKind kind)
{
    public const string KeyableScope = "test.rows.read";
    public const string TokenOnlyScope = "test.cases.write";

    // Today's modules register no key-able scope (open data and Open311 come later): these apps add one, and one that is not.
    private static readonly AppPerDatabase Apps = new(services => services.AddApiScopes(
        new ApiScope(KeyableScope, "测试数据读取", "Read test rows", [ApiScope.Citizens]) { ApiKeys = true },
        new ApiScope(TokenOnlyScope, "测试办件写入", "Write test cases", [ApiScope.Citizens])), demoData: false);

    private Task<OneWindowApp> AppAsync() => Apps.GetAsync(kind);

    [Fact]
    public async Task A_key_works_on_current_and_describes_itself()
    {
        var app = await AppAsync();
        var (citizen, session) = await CitizenAsync(app);
        var (key, created) = await CreateAsync(session, "数据脚本", [KeyableScope]);
        Assert.Matches("^owk_[a-z2-7]{8}_[a-z2-7]{52}$", key);

        var response = await CurrentAsync(app, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal(created["prefix"]!.GetValue<string>(), body["prefix"]!.GetValue<string>());
        Assert.Equal(key[4..12], body["prefix"]!.GetValue<string>());
        Assert.Equal("数据脚本", body["name"]!.GetValue<string>());
        Assert.Equal(citizen.Name, body["owner"]!.GetValue<string>());
        Assert.Equal([KeyableScope], body["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(60, body["permitPerMinute"]!.GetValue<int>());

        // The owner's list shows the key by prefix, never its secret; its first use is recorded.
        var listText = await session.GetStringAsync("/api/v1/api-keys");
        Assert.Contains(key[4..12], listText);
        Assert.DoesNotContain(key[13..], listText);
        var row = await app.QueryAsync<IdentityDbContext, OneWindow.Identity.Domain.ApiKey>(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Prefix == key.Substring(4, 8)));
        Assert.NotNull(row.LastUsedAt);
        Assert.Equal(1, await AuditCountAsync(app, "identity.api_key.created", row.Id.ToString()));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var (key, created) = await CreateAsync(session, "将撤销", []);
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, key)).StatusCode);

        var revoke = await session.DeleteAsync("/api/v1/api-keys/" + created["id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("revoked", (await Json.ReadAsync(revoke))["status"]!.GetValue<string>());

        var refused = await Json.ProblemAsync(await CurrentAsync(app, key), 401);
        Assert.Equal("identity.api_key_revoked", refused["code"]!.GetValue<string>());
        Assert.Equal(1, await AuditCountAsync(app, "identity.api_key.revoked", created["id"]!.GetValue<long>().ToString()));
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var (key, created) = await CreateAsync(session, "短期", [], expiresInDays: 1);
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, key)).StatusCode);
        var id = created["id"]!.GetValue<long>();
        await app.QueryAsync<IdentityDbContext, int>(db => db.ApiKeys.Where(k => k.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        var refused = await Json.ProblemAsync(await CurrentAsync(app, key), 401);
        Assert.Equal("identity.api_key_expired", refused["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_altered_or_made_up_key_is_refused()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var (key, _) = await CreateAsync(session, "原样", []);
        var last = key[^1] == 'a' ? 'b' : 'a';
        foreach (var forged in new[] { key[..^1] + last, key[..13] + new string('a', 52), "owk_aaaaaaaa_" + key[13..], key + "a", "not-a-key", key.ToUpperInvariant() })
        {
            var refused = await Json.ProblemAsync(await CurrentAsync(app, forged), 401);
            Assert.Equal("identity.api_key_invalid", refused["code"]!.GetValue<string>());
        }

        var missing = await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/api-keys/current"), 401);
        Assert.Equal("identity.api_key_required", missing["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_scopes_registered_for_keys_can_be_given_to_a_key()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        foreach (var scope in new[] { TokenOnlyScope, "cases.read", "openid" })
        {
            var response = await Json.PostAsync(session, "/api/v1/api-keys", new { name = "越权", scopes = new[] { KeyableScope, scope } });
            var problem = await Json.ProblemAsync(response, 400);
            Assert.NotNull(problem["errors"]!["scopes"]);
        }

        Assert.Empty(await app.QueryAsync<IdentityDbContext, List<string>>(db => db.ApiKeys.Where(k => k.Name == "越权").Select(k => k.Scopes).ToListAsync()));
    }

    [Fact]
    public async Task The_request_after_the_keys_permit_in_a_minute_gets_429()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var (key, _) = await CreateAsync(session, "限流", [], permitPerMinute: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, key)).StatusCode);
        }

        var limited = await CurrentAsync(app, key);
        var problem = await Json.ProblemAsync(limited, 429);
        Assert.Equal("identity.api_key_rate_limited", problem["code"]!.GetValue<string>());
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);

        // Another key of the same citizen has its own permit.
        var (other, _) = await CreateAsync(session, "另一个", [], permitPerMinute: 3);
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, other)).StatusCode);

        var tooHigh = await Json.PostAsync(session, "/api/v1/api-keys", new { name = "超限", scopes = Array.Empty<string>(), permitPerMinute = 100000 });
        Assert.NotNull((await Json.ProblemAsync(tooHigh, 400))["errors"]!["permitPerMinute"]);
    }

    [Fact]
    public async Task A_citizen_cannot_revoke_or_see_another_citizens_key()
    {
        var app = await AppAsync();
        var (_, alice) = await CitizenAsync(app);
        var (_, bob) = await CitizenAsync(app);
        var (bobKey, bobCreated) = await CreateAsync(bob, "乙的密钥", []);

        var attack = await alice.DeleteAsync("/api/v1/api-keys/" + bobCreated["id"]!.GetValue<long>());
        Assert.Equal("identity.api_key_not_found", (await Json.ProblemAsync(attack, 404))["code"]!.GetValue<string>());
        Assert.DoesNotContain(bobKey[4..12], await alice.GetStringAsync("/api/v1/api-keys"));
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, bobKey)).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_hashed_never_in_clear()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var (key, _) = await CreateAsync(session, "哈希", []);
        var secret = key[13..];
        var row = await app.QueryAsync<IdentityDbContext, OneWindow.Identity.Domain.ApiKey>(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Prefix == key.Substring(4, 8)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret))), row.SecretHash);
        foreach (var column in new[] { row.Prefix, row.SecretHash, row.Name, row.Scopes })
        {
            Assert.DoesNotContain(secret, column);
            Assert.DoesNotContain(secret[..20], column);
        }

        // Nor in the audit trail.
        var audited = await app.QueryAsync<IdentityDbContext, int>(db => db.Database.SqlQuery<int>(
            $"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE summary LIKE {"%" + secret[..20] + "%"} OR data_json LIKE {"%" + secret[..20] + "%"}").SingleAsync());
        Assert.Equal(0, audited);
    }

    [Fact]
    public async Task A_key_is_not_accepted_as_a_bearer_token_or_a_cookie_and_cannot_manage_keys()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var (key, created) = await CreateAsync(session, "凭证", []);

        foreach (var path in new[] { "/api/v1/api-keys/current", "/api/v1/api-keys", "/api/v1/me" })
        {
            var bearer = new HttpRequestMessage(HttpMethod.Get, path);
            bearer.Headers.Authorization = new("Bearer", key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().SendAsync(bearer)).StatusCode);

            var cookie = new HttpRequestMessage(HttpMethod.Get, path);
            cookie.Headers.Add("Cookie", "ow.session=" + key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient(new() { HandleCookies = false, AllowAutoRedirect = false }).SendAsync(cookie)).StatusCode);

            var query = await app.Anonymous().GetAsync(path + "?api_key=" + key);
            Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        }

        // The key itself never manages keys: listing, creating and revoking need the citizen's browser session.
        var withKey = app.Anonymous();
        withKey.DefaultRequestHeaders.Add(PlatformAuthentication.ApiKeyHeader, key);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/api/v1/api-keys/current")).StatusCode);
        // (401 from the cookie-only policy; 403 insufficient_scope once scope enforcement runs first — refused either way.)
        var list = await withKey.GetAsync("/api/v1/api-keys");
        Assert.True(list.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"list → {(int)list.StatusCode}");
        Assert.DoesNotContain(key[4..12], await list.Content.ReadAsStringAsync());
        var create = await Json.PostAsync(withKey, "/api/v1/api-keys", new { name = "由密钥创建", scopes = Array.Empty<string>() });
        Assert.True(create.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"create → {(int)create.StatusCode}");
        var revoke = await withKey.DeleteAsync("/api/v1/api-keys/" + created["id"]!.GetValue<long>());
        Assert.True(revoke.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"revoke → {(int)revoke.StatusCode}");
        Assert.Equal(0, await app.QueryAsync<IdentityDbContext, int>(db => db.ApiKeys.CountAsync(k => k.Name == "由密钥创建")));
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, key)).StatusCode);

        // And a session is not a key: /current answers 401 to it.
        Assert.Equal("identity.api_key_required", (await Json.ProblemAsync(await session.GetAsync("/api/v1/api-keys/current"), 401))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_account_page_creates_a_key_shown_once_and_revokes_it()
    {
        var app = await AppAsync();
        var (_, session) = await CitizenAsync(app);
        var bad = await PostFormAsync(session, "/account/api-keys", new() { ["Name"] = "", ["Scope"] = TokenOnlyScope, ["ExpiresInDays"] = "30" }, "Create");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"name-error\"", badHtml);
        Assert.Contains("href=\"#scopes\"", badHtml);

        var ok = await PostFormAsync(session, "/account/api-keys", new() { ["Name"] = "页面创建", ["Scope"] = KeyableScope, ["ExpiresInDays"] = "30" }, "Create");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var html = await ok.Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(html, "owk_[a-z2-7]{8}_[a-z2-7]{52}").Value;
        Assert.NotEmpty(key);
        Assert.Equal(HttpStatusCode.OK, (await CurrentAsync(app, key)).StatusCode);

        // Shown once: the list afterwards names it by prefix only.
        var list = await session.GetStringAsync("/account/api-keys");
        Assert.Contains("owk_" + key[4..12] + "_", list);
        Assert.DoesNotContain(key[13..], list);

        var id = await app.QueryAsync<IdentityDbContext, long>(db => db.ApiKeys.Where(k => k.Prefix == key.Substring(4, 8)).Select(k => k.Id).SingleAsync());
        var revoke = await PostFormAsync(session, "/account/api-keys", new() { ["id"] = id.ToString() }, "Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CurrentAsync(app, key)).StatusCode);

        // Without the antiforgery token the form is refused.
        var forged = await session.PostAsync("/account/api-keys?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "伪造" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await app.QueryAsync<IdentityDbContext, int>(db => db.ApiKeys.CountAsync(k => k.Name == "伪造")));
    }

    private static async Task<(TestCitizen Citizen, HttpClient Session)> CitizenAsync(OneWindowApp app)
    {
        var citizen = await RegisterAsync(app);
        return (citizen, await SignedInAsync(app, citizen));
    }

    private static async Task<(string Key, JsonNode ApiKey)> CreateAsync(HttpClient session, string name, string[] scopes, int? permitPerMinute = null, int? expiresInDays = null)
    {
        var response = await Json.PostAsync(session, "/api/v1/api-keys", new { name, scopes, permitPerMinute, expiresInDays });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await Json.ReadAsync(response);
        return (body["key"]!.GetValue<string>(), body["apiKey"]!);
    }

    private static Task<HttpResponseMessage> CurrentAsync(OneWindowApp app, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/api-keys/current");
        request.Headers.TryAddWithoutValidation(PlatformAuthentication.ApiKeyHeader, key);
        return app.Anonymous().SendAsync(request);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ApiKeyTestsOnSqlite() : ApiKeyTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ApiKeyTestsOnPostgres() : ApiKeyTests(DbKind.Postgres);
