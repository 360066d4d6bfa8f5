using System.Net.Http.Json;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Integration;

/// <summary>Webhook API refusals carry their catalogue code, and Accept-Language picks the language of title and
/// detail (Chinese without it).</summary>
public abstract class IntegrationErrorCodeTests(DbKind kind)
{
    [Fact]
    public async Task An_unknown_subscription_answers_its_code_in_chinese_by_default_and_in_english_when_asked()
    {
        var app = await SharedApps.GetAsync(kind);
        var http = app.Anonymous();
        var token = await ClientTokenAsync(http, DemoClient, DemoSecret, "webhooks.manage");

        var chinese = await Json.ProblemAsync(await http.SendAsync(Request(HttpMethod.Get, "/api/v1/webhooks/subscriptions/987654321", token, null)), 404);
        var english = await Json.ProblemAsync(await http.SendAsync(Request(HttpMethod.Get, "/api/v1/webhooks/subscriptions/987654321", token, "en")), 404);

        Assert.Equal("integration.subscription_not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("integration.subscription_not_found", english["code"]!.GetValue<string>());
        Assert.Equal("没有该订阅，或您无权查看", chinese["detail"]!.GetValue<string>());
        Assert.Equal("未找到", chinese["title"]!.GetValue<string>());
        Assert.Equal("There is no such subscription, or you may not see it", english["detail"]!.GetValue<string>());
        Assert.Equal("Not found", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_url_is_a_validation_problem_with_its_code_and_field_message_in_either_language()
    {
        var app = await SharedApps.GetAsync(kind);
        var http = app.Anonymous();
        var token = await ClientTokenAsync(http, DemoClient, DemoSecret, "webhooks.manage");

        var chinese = await Json.ProblemAsync(await http.SendAsync(Request(HttpMethod.Post, "/api/v1/webhooks/subscriptions", token, null, new { url = "ftp://x.example.test/h" })), 400);
        var english = await Json.ProblemAsync(await http.SendAsync(Request(HttpMethod.Post, "/api/v1/webhooks/subscriptions", token, "en-GB,en;q=0.9", new { url = "ftp://x.example.test/h" })), 400);

        Assert.Equal("integration.invalid", chinese["code"]!.GetValue<string>());
        Assert.Equal("integration.invalid", english["code"]!.GetValue<string>());
        Assert.Equal("接收地址应为不超过2000个字符的 https:// 网址", chinese["errors"]!["url"]![0]!.GetValue<string>());
        Assert.Equal("The receiving URL must be an https:// URL of at most 2000 characters", english["errors"]!["url"]![0]!.GetValue<string>());
        Assert.Equal("Some fields are not valid", english["title"]!.GetValue<string>());
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string token, string? language, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new("Bearer", token);
        if (language != null)
        {
            request.Headers.Add("Accept-Language", language);
        }

        if (body != null)
        {
            request.Content = JsonContent.Create(body, options: Json.Options);
        }

        return request;
    }
}

[Trait("Database", "Sqlite")]
public sealed class IntegrationErrorCodeTestsOnSqlite() : IntegrationErrorCodeTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class IntegrationErrorCodeTestsOnPostgres() : IntegrationErrorCodeTests(DbKind.Postgres);
