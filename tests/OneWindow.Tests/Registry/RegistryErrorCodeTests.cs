using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Registry.RegistryTestKit;

namespace OneWindow.Tests.Registry;

/// <summary>Registry API refusals carry their catalogue code, and Accept-Language picks the language of title and
/// detail (Chinese without it).</summary>
public abstract class RegistryErrorCodeTests(DbKind kind)
{
    [Fact]
    public async Task An_unknown_record_answers_its_code_in_chinese_by_default_and_in_english_when_asked()
    {
        var app = await SharedApps.GetAsync(kind);
        var admin = await DataAdminAsync(app);
        var url = $"/api/v1/registry/persons/{NewIdNumber()}";

        var chinese = await Json.ProblemAsync(await admin.SendAsync(Request(HttpMethod.Get, url, null)), 404);
        var english = await Json.ProblemAsync(await admin.SendAsync(Request(HttpMethod.Get, url, "en")), 404);

        Assert.Equal("registry.record_not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("registry.record_not_found", english["code"]!.GetValue<string>());
        Assert.Equal("人口库中没有该记录", chinese["detail"]!.GetValue<string>());
        Assert.Equal("未找到", chinese["title"]!.GetValue<string>());
        Assert.Equal("There is no such record in the Population registry", english["detail"]!.GetValue<string>());
        Assert.Equal("Not found", english["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_source_answers_its_code_in_either_language()
    {
        var app = await SharedApps.GetAsync(kind);
        var admin = await DataAdminAsync(app);
        var url = "/api/v1/registry/sources/no-such-source/records";

        var chinese = await Json.ProblemAsync(await admin.SendAsync(Request(HttpMethod.Post, url, null)), 404);
        var english = await Json.ProblemAsync(await admin.SendAsync(Request(HttpMethod.Post, url, "en-GB,en;q=0.9")), 404);

        Assert.Equal("registry.source_not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("registry.source_not_found", english["code"]!.GetValue<string>());
        Assert.Equal("没有数据来源 no-such-source", chinese["detail"]!.GetValue<string>());
        Assert.Equal("There is no source no-such-source", english["detail"]!.GetValue<string>());
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string? language)
    {
        var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Post)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(new { records = new[] { Record(NewIdNumber(), At(1), new { name = "甲" }) } }, options: Json.Options);
        }

        if (language != null)
        {
            request.Headers.Add("Accept-Language", language);
        }

        return request;
    }
}

[Trait("Database", "Sqlite")]
public sealed class RegistryErrorCodeTestsOnSqlite() : RegistryErrorCodeTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RegistryErrorCodeTestsOnPostgres() : RegistryErrorCodeTests(DbKind.Postgres);
