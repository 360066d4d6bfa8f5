using System.Net;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Platform;

/// <summary>Cross-cutting behaviour of the host: health, OpenAPI, problem details, headers, CSRF, language.</summary>
public abstract class PlatformTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task Health_is_ok_once_started()
    {
        var response = await (await AppAsync()).Anonymous().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_503_before_start_up_finishes()
    {
        // A database whose migrations cannot run (PostgreSQL: the database does not exist) keeps the node not ready.
        var broken = kind == DbKind.Sqlite ? "Data Source=/nonexistent-dir/x.db" : TestDatabase.ServerConnectionString() + ";Database=ow_missing_db";
        using var app = new BrokenApp(broken);
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private sealed class BrokenApp(string connectionString) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:OneWindow", connectionString);
            builder.UseSetting("Logging:LogLevel:Default", "None");
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_the_catalogue_without_sign_in()
    {
        var doc = await Json.GetAsync((await AppAsync()).Anonymous(), "/openapi/v1.json");
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/catalog/items", paths);
        Assert.Contains("/api/v1/catalog/items/{id}", paths);
        Assert.Contains("/api/v1/catalog/regions", paths);
        Assert.Contains("/api/v1/audit/verify", paths);
        Assert.Contains("/api/v1/audit/entries", paths);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_request_ids()
    {
        var client = (await AppAsync()).Anonymous();
        client.DefaultRequestHeaders.Add("X-Request-Id", "test-req-123");
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("test-req-123", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Forms_without_a_csrf_token_are_rejected()
    {
        var client = (await AppAsync()).Anonymous();
        var response = await client.PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["Role"] = "admin" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("ow.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Portal_pages_render_in_chinese_and_switch_to_english()
    {
        var app = await AppAsync();
        var client = app.Anonymous();
        var home = await client.GetStringAsync("/");
        Assert.Contains("lang=\"zh-CN\"", home);
        Assert.Contains("热门服务", home);
        var switched = await client.GetAsync("/lang/en?returnUrl=%2Fsearch%3Fq%3Dhz");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/search?q=hz", switched.Headers.Location!.OriginalString);
        var english = await client.GetStringAsync("/search?q=hz");
        Assert.Contains("lang=\"en\"", english);
        Assert.Contains("services found", english);
        // Catalogue content stays Chinese and says so (WCAG 3.1.2); the Chinese page needs no such marks.
        Assert.Contains("<h3 lang=\"zh-CN\">", english);
        Assert.DoesNotContain("<h3 lang=", await app.Anonymous().GetStringAsync("/search?q=hz"));
        // An open redirect through the language switch is refused.
        var evil = await client.GetAsync("/lang/en?returnUrl=%2F%2Fevil.example");
        Assert.Equal("/", evil.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Portal_pages_answer_and_unknown_ones_are_404()
    {
        var client = (await AppAsync()).Anonymous();
        foreach (var path in new[] { "/", "/search?q=%E6%8A%A4%E7%85%A7", "/search?target=2&topic=%E8%AE%BE%E7%AB%8B%E5%8F%98%E6%9B%B4", "/departments", "/departments/ga", "/search?page=-5&target=99" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/items/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/departments/nope")).StatusCode);
    }

    [Fact]
    public async Task Back_office_requires_sign_in()
    {
        var response = await (await AppAsync()).Anonymous().GetAsync("/admin/catalog");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/signin?ReturnUrl=%2Fadmin%2Fcatalog", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_problems_carry_a_platform_code_and_follow_accept_language()
    {
        var client = (await AppAsync()).Anonymous();

        var chinese = await Json.ProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), 404);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await Json.ProblemAsync(await client.SendAsync(request), 404);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        page.Headers.Accept.ParseAdd("text/html");
        page.Headers.AcceptLanguage.ParseAdd("en");
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();

        Assert.Equal("platform.not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("未找到", chinese["title"]!.GetValue<string>());
        Assert.Equal("platform.not_found", english["code"]!.GetValue<string>());
        Assert.Equal("Not found", english["title"]!.GetValue<string>());
        Assert.Equal("The requested address does not exist", english["detail"]!.GetValue<string>());
        Assert.Contains("未找到", System.Net.WebUtility.HtmlDecode(html)); // pages stay Chinese first whatever the browser sends
    }
}

[Trait("Database", "Sqlite")]
public sealed class PlatformTestsOnSqlite() : PlatformTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class PlatformTestsOnPostgres() : PlatformTests(DbKind.Postgres);
