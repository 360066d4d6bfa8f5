using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Data;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.DataCatalog.DataCatalogTestKit;

namespace OneWindow.Tests.DataCatalog;

/// <summary>The catalogue's pages without JavaScript: the edit form with per-line item errors, submission and review
/// from the back-office list, and the browse and resource pages.</summary>
public abstract class DataCatalogPagesTests(DbKind kind)
{
    private static Dictionary<string, string> Form(string classification, string items) => new()
    {
        ["Classification"] = classification, ["Name"] = "殡葬服务机构名录", ["ProviderDepartment"] = "mz", ["Summary"] = "全市殡仪馆和公墓的名称与地址。",
        ["Format"] = "database", ["Items"] = items, ["Holding"] = ResourceHoldings.Table, ["SharingClass"] = SharingClasses.Unconditional,
        ["SharingMethod"] = "api", ["OpenClass"] = OpenClasses.Open, ["UpdateCycle"] = "yearly", ["DecisionWorkingDays"] = "10",
    };

    [Fact]
    public async Task A_resource_is_registered_submitted_and_published_through_the_pages()
    {
        var app = await SharedApps.GetAsync(kind);
        var editor = await EditorAsync(app);
        var classification = NewClassification();

        var bad = await CitizenKit.PostFormAsync(editor, "/admin/data-resources/edit", Form(classification, "orgName|机构名称|string|none\nOrgName|地址|text|none\nbroken line"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("第 2 行", html);
        Assert.Contains("第 3 行", html);
        Assert.DoesNotContain("第 1 行", html);
        Assert.Equal(0, await app.QueryAsync<DataCatalogDbContext, int>(db => db.Resources.CountAsync(r => r.Classification == classification)));

        var saved = await CitizenKit.PostFormAsync(editor, "/admin/data-resources/edit", Form(classification, "orgName|机构名称|string|none\naddress|地址|string|none"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await app.QueryAsync<DataCatalogDbContext, long>(db => db.Resources.Where(r => r.Classification == classification).Select(r => r.Id).SingleAsync());
        Assert.Contains($"/admin/data-resources/edit/{id}", await editor.GetStringAsync("/admin/data-resources"));
        Assert.Equal(HttpStatusCode.Redirect, (await CitizenKit.PostFormAsync(editor, "/admin/data-resources", new() { ["key"] = id.ToString() }, handler: "Submit")).StatusCode);
        var key = DataResourceCodes.ToUrl(classification + "/000001");

        var reviewer = await ReviewerAsync(app);
        Assert.Contains($"/data-resources/{key}?version=1", await reviewer.GetStringAsync("/admin/data-resources"));
        Assert.Equal(HttpStatusCode.Redirect, (await CitizenKit.PostFormAsync(reviewer, "/admin/data-resources", new() { ["key"] = key }, handler: "Publish")).StatusCode);

        Assert.Contains($"/data-resources/{key}", await reviewer.GetStringAsync("/data-resources?q=binzang"));
        var page = await reviewer.GetStringAsync($"/data-resources/{key}");
        Assert.Contains("殡葬服务机构名录", page);
        Assert.Contains("<code>orgName</code>", page);
        Assert.Contains("Data items", await reviewer.GetStringAsync($"/data-resources/{key}?lang=en"));
    }

    [Fact]
    public async Task The_catalogue_pages_are_for_staff()
    {
        var app = await SharedApps.GetAsync(kind);
        var citizen = await CitizenKit.SignedInAsync(app, await CitizenKit.RegisterAsync(app));

        Assert.NotEqual(HttpStatusCode.OK, (await citizen.GetAsync("/data-resources")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync("/data-resources")).StatusCode);
        var staff = await EditorAsync(app, "ga");
        Assert.Contains("人口基础信息", await staff.GetStringAsync("/data-resources"));
        Assert.Contains("idNumber", await staff.GetStringAsync("/data-resources/" + DataResourceCodes.ToUrl(BuiltInResources.Persons)));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/data-resources/399999-999999")).StatusCode);
    }
}

public sealed class DataCatalogPagesTestsOnSqlite() : DataCatalogPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class DataCatalogPagesTestsOnPostgres() : DataCatalogPagesTests(DbKind.Postgres);
