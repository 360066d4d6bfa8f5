using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog.Data;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Catalog;

/// <summary>Importing a newer GB/T 2260 revision: renames and additions apply, missing codes are kept but marked
/// withdrawn, and a file with one bad row changes nothing.</summary>
public abstract class RegionImportTests(DbKind kind)
{
    [Fact]
    public async Task A_new_revision_renames_adds_and_withdraws_all_or_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        using var app = new OneWindowApp(database, demoData: false);
        await app.WaitUntilReadyAsync();
        var admin = await app.SignedInAsync("admin");

        var bad = "Source\tRevision\tCode\tName\nmca\t202301\t340000\t安徽省\nmca\t202301\t34010X\t坏代码\n";
        var refused = await admin.PostAsync("/api/v1/catalog/regions/import", new StringContent(bad, Encoding.UTF8, "text/tab-separated-values"));
        var problem = await Json.ProblemAsync(refused, 400);
        Assert.Contains("line 3", problem["errors"]!.AsObject().Select(e => e.Key).Single());

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.Equal(3219, await db.Regions.CountAsync(r => !r.Withdrawn));
        }

        var good = "Source\tRevision\tCode\tName\nmca\t202301\t340000\t安徽省\nmca\t202301\t340100\t合肥市\nmca\t202301\t340104\t蜀山区（新）\nmca\t202301\t340199\t新设区\n";
        var response = await admin.PostAsync("/api/v1/catalog/regions/import", new StringContent(good, Encoding.UTF8, "text/tab-separated-values"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json.ReadAsync(response);
        Assert.Equal(1, report["added"]!.GetValue<int>());
        Assert.Equal(1, report["renamed"]!.GetValue<int>());
        Assert.Equal(3219 - 3, report["withdrawn"]!.GetValue<int>());

        var client = app.Anonymous();
        Assert.Equal("蜀山区（新）", (await Json.GetAsync(client, "/api/v1/catalog/regions/340104"))["name"]!.GetValue<string>());
        var old = await Json.GetAsync(client, "/api/v1/catalog/regions/110000");
        Assert.True(old["withdrawn"]!.GetValue<bool>());
        Assert.Equal("340100", (await Json.GetAsync(client, "/api/v1/catalog/regions/340199"))["parentCode"]!.GetValue<string>());

        // The admin page shows the loaded revisions and reports a bad file line by line without importing it.
        var page = await admin.GetStringAsync("/admin/regions");
        Assert.Contains("202301", page);
        var token = await OneWindowApp.AntiforgeryTokenAsync(admin, "/admin/regions");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Source\tRevision\tCode\tName\nmca\t202401\tABC\t坏\n")), "Upload", "bad.tsv" },
        };
        var upload = await admin.PostAsync("/admin/regions", form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var html = await upload.Content.ReadAsStringAsync();
        Assert.Contains("第2行", html);
        Assert.DoesNotContain("202401", html.Replace("第2行", ""), StringComparison.Ordinal);

        // Only platform admins import reference data.
        var editor = await app.SignedInAsync("reviewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync("/api/v1/catalog/regions/import", new StringContent(good))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/admin/regions")).StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class RegionImportTestsOnSqlite() : RegionImportTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RegionImportTestsOnPostgres() : RegionImportTests(DbKind.Postgres);
