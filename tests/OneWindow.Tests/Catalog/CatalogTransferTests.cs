using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Transfer;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Catalog.AdminTestKit;

namespace OneWindow.Tests.Catalog;

/// <summary>CSV export and import: round trip, all-or-nothing with row/column errors, malformed files, jobs and rights.</summary>
public abstract class CatalogTransferTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string CsvOf(params (string Department, ItemGuide Guide)[] rows)
    {
        var sb = new StringBuilder(string.Join(",", CatalogCsv.Header)).Append("\r\n");
        foreach (var (department, guide) in rows)
        {
            sb.Append(string.Join(",", CatalogCsv.Record(department, "340100", guide).Select(v => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""))).Append("\r\n");
        }

        return sb.ToString();
    }

    private static async Task<long> StartAsync(HttpClient client, string query, HttpContent content)
    {
        var response = await client.PostAsync("/api/v1/catalog/import" + query, content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.NotNull(response.Headers.Location);
        return (await Json.ReadAsync(response))["jobId"]!.GetValue<long>();
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_department_makes_the_same_items_as_drafts()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var export = await admin.GetAsync("/api/v1/catalog/export.csv?department=ga&versions=published");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        var gaId = await DepartmentIdAsync(app, "ga");
        // Other tests publish into ga meanwhile, so the file (not a later count) says how many items were exported;
        // it cannot hold more than ga has now.
        var gaNow = await DbAsync(app, db => db.ServiceItems.CountAsync(i => i.DepartmentId == gaId && i.PublishedVersion != null && i.Publication != PublicationState.Unpublished));

        var fresh = await NewDepartmentAsync(app);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "ga.csv" } };
        var jobId = await StartAsync(admin, $"?department={fresh.Key}", form);
        var job = await WaitForJobAsync(admin, jobId);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var published = job["totalRows"]!.GetValue<int>();
        Assert.InRange(published, 7, gaNow);
        Assert.Equal(published, job["importedRows"]!.GetValue<int>());

        var imported = await DbAsync(app, db => (from i in db.ServiceItems
                                                 join v in db.ItemVersions on i.Id equals v.ServiceItemId
                                                 where i.DepartmentId == fresh.Id
                                                 select new { v.State, v.Name, i.Publication }).ToListAsync());
        Assert.Equal(published, imported.Count);
        Assert.All(imported, r => Assert.Equal(VersionState.Draft, r.State));
        Assert.All(imported, r => Assert.Equal(PublicationState.NotPublished, r.Publication));
        Assert.Equal(published, await DbAsync(app, db => db.ItemEvents.CountAsync(e => e.Action == "imported" && db.ServiceItems.Any(i => i.Id == e.ServiceItemId && i.DepartmentId == fresh.Id))));

        // Exporting the new department's drafts gives back the same rows, apart from the department column.
        var again = await (await admin.GetAsync($"/api/v1/catalog/export.csv?department={fresh.Key}&versions=latest")).Content.ReadAsStringAsync();
        Assert.Equal(csv.Replace("\r\nga,", "\r\n" + fresh.Key + ",", StringComparison.Ordinal), again);
    }

    [Fact]
    public async Task One_bad_row_imports_nothing_and_is_reported_by_row_and_column()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var bad = TestGuides.Valid();
        bad.Materials[0].Issuer = "";
        var text = CsvOf(("ga", TestGuides.Valid()), ("ga", bad), ("ga", TestGuides.Valid()));
        text = text.Replace("\"5\"", "\"五\"", StringComparison.Ordinal); // promisedDays of every row: not a number
        var good = TestGuides.Valid();
        var dup = TestGuides.Valid(good.BaseCode, good.Name);
        var second = CsvOf(("ga", good), ("ga", dup), ("mz", TestGuides.Valid()));
        var codes = new[] { good.BaseCode, bad.BaseCode };

        var jobId = await StartAsync(editor, "", Csv(text));
        var job = await WaitForJobAsync(editor, jobId);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal(0, job["importedRows"]!.GetValue<int>());
        var errors = job["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        Assert.Contains(errors, e => e.Row == 3 && e.Column == "materials" && e.Message.Contains("materials[0].issuer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "promisedDays");

        var secondJob = await WaitForJobAsync(editor, await StartAsync(editor, "", Csv(second)));
        var secondErrors = secondJob["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<int>(), Column: e["column"]!.GetValue<string>())).ToList();
        Assert.Contains((3, "baseCode"), secondErrors); // duplicate in the file
        Assert.Contains((4, "departmentKey"), secondErrors); // another department
        Assert.DoesNotContain(secondErrors, e => e.Row == 2);
        // Other tests run alongside, so count by this file's own base codes rather than all items.
        Assert.Equal(0, await DbAsync(app, db => db.BasicItems.CountAsync(b => codes.Contains(b.BaseCode))));

        // The progress page shows the same, without refreshing itself once the job is over.
        var page = await HtmlAsync(await editor.GetAsync($"/admin/catalog/import/{jobId}"));
        Assert.Contains("导入失败", page);
        Assert.Contains("materials[0].issuer", page);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page);
    }

    [Fact]
    public async Task Malformed_csv_is_a_400_problem_and_never_a_job()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var jobsBefore = await DbAsync(app, db => db.ImportJobs.CountAsync());
        var wrongHeader = await Json.ProblemAsync(await editor.PostAsync("/api/v1/catalog/import", Csv("name,foo\r\na,b\r\n")), 400);
        Assert.Contains(wrongHeader["errors"]!.AsObject(), p => p.Key.StartsWith("row 1", StringComparison.Ordinal));

        var valid = CsvOf(("ga", TestGuides.Valid()), ("ga", TestGuides.Valid()));
        var unbalanced = valid.Replace("\"340100\"", "\"340100", StringComparison.Ordinal);
        var quotes = await Json.ProblemAsync(await editor.PostAsync("/api/v1/catalog/import", Csv(unbalanced)), 400);
        Assert.Contains(quotes["errors"]!.AsObject(), p => p.Key.StartsWith("row 2", StringComparison.Ordinal));
        await Json.ProblemAsync(await editor.PostAsync("/api/v1/catalog/import", Csv("")), 400);
        await Json.ProblemAsync(await editor.PostAsync("/api/v1/catalog/import", new ByteArrayContent([0xFF, 0xFE, 0x00, 0x22, 0x01])), 400);
        Assert.Equal(jobsBefore, await DbAsync(app, db => db.ImportJobs.CountAsync()));

        // The upload page shows structural problems by row instead of starting a job.
        var form = new MultipartFormDataContent
        {
            { new StringContent(await OneWindowApp.AntiforgeryTokenAsync(editor, "/admin/catalog/import")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(unbalanced)), "Upload", "bad.csv" },
        };
        var page = await editor.PostAsync("/admin/catalog/import", form);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("文件格式有误", await HtmlAsync(page));
    }

    [Fact]
    public async Task Jobs_show_progress_and_rights_are_enforced()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var admin = await app.SignedInAsync("admin");
        var text = CsvOf(("ga", TestGuides.Valid()));
        await Json.ProblemAsync(await editor.PostAsync("/api/v1/catalog/import?department=mz", Csv(text)), 403);
        await Json.ProblemAsync(await editor.PostAsync("/api/v1/catalog/import?publish=true", Csv(text)), 403);
        await Json.ProblemAsync(await (await app.SignedInAsync("reviewer")).PostAsync("/api/v1/catalog/import", Csv(text)), 403);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync("/api/v1/catalog/import", Csv(text))).StatusCode);

        // A running job's page refreshes itself; its state is in the database, so any node can show it.
        var running = await DbAsync(app, async db =>
        {
            var job = db.ImportJobs.Add(new ImportJob
            {
                Status = ImportJobStatus.Validating, ActorName = "x", ActorDepartmentId = await db.Departments.Where(d => d.Key == "ga").Select(d => d.Id).FirstAsync(),
                FileName = "big.csv", TotalRows = 1000, ValidatedRows = 400, CreatedAt = DateTimeOffset.UtcNow,
            }).Entity;
            await db.SaveChangesAsync();
            return job.Id;
        });
        var page = await HtmlAsync(await editor.GetAsync($"/admin/catalog/import/{running}"));
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"2\">", page);
        Assert.Contains("400 / 1000", page);
        var api = await Json.GetAsync(editor, $"/api/v1/catalog/import/{running}");
        Assert.True(api["running"]!.GetValue<bool>());
        Assert.Equal(400, api["validatedRows"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("editor", "mz")).GetAsync($"/admin/catalog/import/{running}")).StatusCode);

        // Platform admins may import as published: version 1, on the portal and in search.
        var guide = TestGuides.Valid(name: "导入即发布测试" + Guid.NewGuid().ToString("N")[..4]);
        var job = await WaitForJobAsync(admin, await StartAsync(admin, "?publish=true", Csv(CsvOf(("ga", guide)))));
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var id = await DbAsync(app, db => db.ItemVersions.Where(v => v.Name == guide.Name).Select(v => v.ServiceItemId).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync($"/items/{id}")).StatusCode);
        var found = await Json.GetAsync(app.Anonymous(), "/api/v1/catalog/items?q=" + Uri.EscapeDataString(guide.Name));
        Assert.Contains(found["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CatalogTransferTestsOnSqlite() : CatalogTransferTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CatalogTransferTestsOnPostgres() : CatalogTransferTests(DbKind.Postgres);
