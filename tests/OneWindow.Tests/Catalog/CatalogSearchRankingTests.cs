using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Features.Search;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Catalog;

/// <summary>
/// A large match set is ranked in parts through the indexes (names starting with the query, names containing it,
/// then the rest, each walked in popularity order) instead of one sort. With the thresholds shrunk so the demo
/// catalogue takes those paths, every page must equal the plain full sort.
/// </summary>
public abstract class CatalogSearchRankingTests(DbKind kind)
{
    // An app of its own: the shared one changes while lifecycle tests run, and two searches must see the same data.
    private static readonly AppPerDatabase Apps = new();

    public static TheoryData<string?, int, int> Cases()
    {
        var data = new TheoryData<string?, int, int>();
        foreach (var q in new[] { "证", "照", "登记", "许可", "护照", "营业执照", "身份证补领", "hz", "huzhao", "yyzz", "许可 登记", null })
        {
            foreach (var (page, size) in new[] { (1, 20), (1, 5), (2, 5), (3, 7), (10, 3) })
            {
                data.Add(q, page, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Ranked_parts_give_the_same_page_as_the_full_sort(string? q, int page, int pageSize)
    {
        var app = await Apps.GetAsync(kind);
        var request = new SearchRequest { Q = q, Page = page, PageSize = pageSize };
        var expected = await SearchAsync(app, request, new CatalogSearch.Tuning(int.MaxValue, int.MaxValue, 1));
        foreach (var tuning in new[] { new CatalogSearch.Tuning(0, 8, 2), new CatalogSearch.Tuning(3, 4, 1), new CatalogSearch.Tuning(10, 30, 4) })
        {
            var actual = await SearchAsync(app, request, tuning);
            Assert.True(expected.Items.Select(i => i.Id).SequenceEqual(actual.Items.Select(i => i.Id)),
                $"{tuning}: expected {string.Join(",", expected.Items.Select(i => $"{i.Id}/{i.Name}/{i.Popularity}"))} but got {string.Join(",", actual.Items.Select(i => $"{i.Id}/{i.Name}/{i.Popularity}"))}");
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.HasMore, actual.HasMore);
        }
    }

    private static async Task<SearchResult> SearchAsync(OneWindowApp app, SearchRequest request, CatalogSearch.Tuning tuning)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        return await new CatalogSearch(db, tuning).SearchAsync(request);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CatalogSearchRankingTestsOnSqlite() : CatalogSearchRankingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CatalogSearchRankingTestsOnPostgres() : CatalogSearchRankingTests(DbKind.Postgres);
