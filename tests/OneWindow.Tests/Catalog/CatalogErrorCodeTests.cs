using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Catalog;

/// <summary>Catalogue API refusals carry their catalogue code, and Accept-Language picks the language of title and
/// detail (Chinese without it).</summary>
public abstract class CatalogErrorCodeTests(DbKind kind)
{
    [Fact]
    public async Task An_unknown_published_item_answers_its_code_in_chinese_by_default_and_in_english_when_asked()
    {
        var client = (await SharedApps.GetAsync(kind)).Anonymous();
        const string url = "/api/v1/catalog/items/987654321";

        var chinese = await Json.ProblemAsync(await client.SendAsync(Request(url, null)), 404);
        var english = await Json.ProblemAsync(await client.SendAsync(Request(url, "en-GB,en;q=0.9")), 404);

        Assert.Equal("catalog.published_item_not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("catalog.published_item_not_found", english["code"]!.GetValue<string>());
        Assert.Equal("没有编号为 987654321 的已发布事项", chinese["detail"]!.GetValue<string>());
        Assert.Equal("未找到", chinese["title"]!.GetValue<string>());
        Assert.Equal("There is no published item 987654321", english["detail"]!.GetValue<string>());
        Assert.Equal("Not found", english["title"]!.GetValue<string>());
    }

    private static HttpRequestMessage Request(string url, string? language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language != null)
        {
            request.Headers.Add("Accept-Language", language);
        }

        return request;
    }
}

[Trait("Database", "Sqlite")]
public sealed class CatalogErrorCodeTestsOnSqlite() : CatalogErrorCodeTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CatalogErrorCodeTestsOnPostgres() : CatalogErrorCodeTests(DbKind.Postgres);
