using System.Text.Json.Nodes;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Catalog;

/// <summary>GET /api/v1/catalog/items over the demo catalogue: the queries people type, filters, paging and bad input.</summary>
public abstract class CatalogSearchApiTests(DbKind kind)
{
    private async Task<HttpClient> ClientAsync() => (await SharedApps.GetAsync(kind)).Anonymous();

    private static string[] Names(JsonNode body) => body["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToArray();

    [Theory]
    [InlineData("护照", "普通护照")]
    [InlineData("营业执照", "营业执照")]
    [InlineData("身份证补领", "居民身份证补领")]
    [InlineData("补领身份证", "居民身份证补领")]
    [InlineData("huzhao", "护照")]
    [InlineData("hz", "护照")]
    [InlineData("yyzz", "营业执照")]
    [InlineData("shenfenzheng", "身份证")]
    public async Task Finds_items_by_chinese_pinyin_and_initials(string query, string expectedInName)
    {
        var body = await Json.GetAsync(await ClientAsync(), $"/api/v1/catalog/items?q={Uri.EscapeDataString(query)}&pageSize=20");
        var names = Names(body);
        Assert.Contains(names, n => n.Contains(expectedInName, StringComparison.Ordinal));
        Assert.True(body["total"]!.GetValue<int>() >= names.Length);
    }

    [Fact]
    public async Task Ranks_names_containing_the_query_first()
    {
        var names = Names(await Json.GetAsync(await ClientAsync(), "/api/v1/catalog/items?q=" + Uri.EscapeDataString("营业执照")));
        var firstMiss = Array.FindIndex(names, n => !n.Contains("营业执照", StringComparison.Ordinal));
        var lastHit = Array.FindLastIndex(names, n => n.Contains("营业执照", StringComparison.Ordinal));
        Assert.True(firstMiss == -1 || lastHit < firstMiss, string.Join(",", names));
    }

    [Fact]
    public async Task Relaxed_reading_still_finds_nothing_for_unrelated_words()
    {
        var body = await Json.GetAsync(await ClientAsync(), "/api/v1/catalog/items?q=" + Uri.EscapeDataString("量子纠缠计算机"));
        Assert.Equal(0, body["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Does_not_match_unrelated_items()
    {
        var names = Names(await Json.GetAsync(await ClientAsync(), "/api/v1/catalog/items?q=" + Uri.EscapeDataString("护照") + "&pageSize=100"));
        Assert.DoesNotContain(names, n => n.Contains("营业执照", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filters_by_department_target_type_and_region()
    {
        var client = await ClientAsync();
        var gs = await Json.GetAsync(client, "/api/v1/catalog/items?department=gs&pageSize=100");
        Assert.NotEmpty(gs["items"]!.AsArray());
        Assert.All(gs["items"]!.AsArray(), i => Assert.Equal("gs", i!["department"]!["key"]!.GetValue<string>()));

        var licences = await Json.GetAsync(client, "/api/v1/catalog/items?type=01&target=2&pageSize=100");
        Assert.All(licences["items"]!.AsArray(), i =>
        {
            Assert.Equal("01", i!["itemType"]!.GetValue<string>());
            Assert.Contains(2, i["targets"]!.AsArray().Select(t => t!.GetValue<int>()));
        });

        var shushan = await Json.GetAsync(client, "/api/v1/catalog/items?region=340104&pageSize=100");
        Assert.NotEmpty(shushan["items"]!.AsArray());
        Assert.All(shushan["items"]!.AsArray(), i => Assert.Equal("340104", i!["regionCode"]!.GetValue<string>()));

        // A city-level region filter includes its districts.
        // (Other tests publish into the shared app meanwhile, so compare membership, not totals taken at two moments.)
        var shushanIds = shushan["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToList();
        var cityIds = new List<long>();
        string? cursor = "";
        while (cursor != null)
        {
            var page = await Json.GetAsync(client, $"/api/v1/catalog/items?region=340100&pageSize=100&after={Uri.EscapeDataString(cursor)}");
            Assert.All(page["items"]!.AsArray(), i => Assert.StartsWith("3401", i!["regionCode"]!.GetValue<string>(), StringComparison.Ordinal));
            cityIds.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }

        Assert.Subset(cityIds.ToHashSet(), shushanIds.ToHashSet());
    }

    [Fact]
    public async Task Demo_catalogue_has_at_least_eighty_published_items()
    {
        var all = await Json.GetAsync(await ClientAsync(), "/api/v1/catalog/items?pageSize=1");
        Assert.True(all["total"]!.GetValue<int>() >= 80);
        Assert.False(all["totalIsLowerBound"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cursor_paging_reads_every_item_once_in_id_order()
    {
        var client = await ClientAsync();
        var total = (await Json.GetAsync(client, "/api/v1/catalog/items?pageSize=1"))["total"]!.GetValue<int>();
        var ids = new List<long>();
        string? cursor = "";
        var pages = 0;
        while (cursor != null && pages++ < 100)
        {
            var page = await Json.GetAsync(client, $"/api/v1/catalog/items?pageSize=7&after={Uri.EscapeDataString(cursor)}");
            ids.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }

        // Other tests publish and withdraw their own items in the shared app meanwhile, so the count may move; the demo
        // catalogue (seeded first, ids 1-90, never withdrawn by tests) must all be there, each once, in id order.
        Assert.True(total >= 90);
        Assert.Subset(ids.ToHashSet(), Enumerable.Range(1, 90).Select(i => (long)i).ToHashSet());
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=1000&pageSize=100", "page")]
    [InlineData("target=9", "target")]
    [InlineData("type=99", "type")]
    [InlineData("region=12ab", "region")]
    [InlineData("department=nope", "department")]
    [InlineData("after=not-a-cursor", "after")]
    public async Task Rejects_bad_parameters_with_a_validation_problem(string query, string field)
    {
        var response = await (await ClientAsync()).GetAsync("/api/v1/catalog/items?" + query);
        var problem = await Json.ProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Odd_queries_answer_without_error()
    {
        var client = await ClientAsync();
        foreach (var q in new[] { "\"", "*", "AND", "OR NOT", "(", "'; drop table x;--", "<script>", "🙂", "   ", "a\"b" })
        {
            var response = await client.GetAsync("/api/v1/catalog/items?q=" + Uri.EscapeDataString(q));
            Assert.True(response.IsSuccessStatusCode, $"{q}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Item_guide_versions_and_unknown_ids()
    {
        var client = await ClientAsync();
        var first = (await Json.GetAsync(client, "/api/v1/catalog/items?q=" + Uri.EscapeDataString("护照")))["items"]![0]!;
        var id = first["id"]!.GetValue<long>();
        var item = await Json.GetAsync(client, $"/api/v1/catalog/items/{id}");
        Assert.Equal(first["name"]!.GetValue<string>(), item["guide"]!["name"]!.GetValue<string>());
        Assert.InRange(item["guide"]!["materials"]!.AsArray().Count, 2, 8);
        Assert.NotEmpty(item["guide"]!["legalBasis"]!.AsArray());

        var byCode = await Json.GetAsync(client, $"/api/v1/catalog/items/by-code/{item["implementationCode"]!.GetValue<string>()}");
        Assert.Equal(id, byCode["id"]!.GetValue<long>());

        var versions = await Json.GetAsync(client, $"/api/v1/catalog/items/{id}/versions");
        Assert.Equal(1, versions[0]!["version"]!.GetValue<int>());

        await Json.ProblemAsync(await client.GetAsync("/api/v1/catalog/items/99999999"), 404);
        await Json.ProblemAsync(await client.GetAsync($"/api/v1/catalog/items/{id}/versions/42"), 404);
        await Json.ProblemAsync(await client.GetAsync("/api/v1/catalog/items/by-code/NOPE"), 404);
        await Json.ProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), 404);
    }

    [Fact]
    public async Task Regions_come_from_gb2260()
    {
        var client = await ClientAsync();
        var provinces = await Json.GetAsync(client, "/api/v1/catalog/regions");
        Assert.Equal(34, provinces.AsArray().Count);
        var hefei = await Json.GetAsync(client, "/api/v1/catalog/regions?parent=340100");
        Assert.Contains(hefei.AsArray(), r => r!["name"]!.GetValue<string>() == "蜀山区");
        Assert.Equal("合肥市", (await Json.GetAsync(client, "/api/v1/catalog/regions/340100"))["name"]!.GetValue<string>());
        await Json.ProblemAsync(await client.GetAsync("/api/v1/catalog/regions?parent=x"), 400);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CatalogSearchApiTestsOnSqlite() : CatalogSearchApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CatalogSearchApiTestsOnPostgres() : CatalogSearchApiTests(DbKind.Postgres);
