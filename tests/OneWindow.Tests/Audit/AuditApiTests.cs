using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Tests.Catalog;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Audit;

/// <summary>Catalogue changes write their audit entry with the change (and none when the change does not happen);
/// the audit API and admin page are for platform admins only.</summary>
public abstract class AuditApiTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static async Task<List<string>> ActionsForAsync(OneWindowApp app, long itemId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var id = itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.Entries.Where(e => e.TargetType == "catalog.item" && e.TargetId == id).OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task Each_catalogue_change_writes_exactly_one_entry_and_a_refused_or_rolled_back_change_none()
    {
        // An app of its own: publishing here would change the published total other test classes count on the shared app.
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new OneWindowApp(database);
        await app.WaitUntilReadyAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var reviewer = await app.SignedInAsync("reviewer");
        var created = await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = TestGuides.Valid() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<long>();
        Assert.Equal(["catalog.item.created"], await ActionsForAsync(app, id));

        // Refused (approving a draft that was not submitted): nothing changes, nothing is logged.
        await Json.ProblemAsync(await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/approve", new { comment = "" }), 409);
        Assert.Equal(["catalog.item.created"], await ActionsForAsync(app, id));

        // Rolled back by the caller: the audit entry goes with the change.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var catalogEditor = scope.ServiceProvider.GetRequiredService<CatalogEditor>();
            var actor = CatalogActor.PlatformAdmin("rollback-test", "rollback-test");
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True((await catalogEditor.SubmitAsync(id, actor)).Succeeded);
            await transaction.RollbackAsync();
        }

        Assert.Equal(["catalog.item.created"], await ActionsForAsync(app, id));
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/v1/catalog/items/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/approve", new { comment = "同意" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/v1/catalog/items/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/suspend", new { reason = "系统升级" })).StatusCode);
        Assert.Equal(
            ["catalog.item.created", "catalog.item.submitted", "catalog.item.approved", "catalog.item.published", "catalog.item.suspended"],
            await ActionsForAsync(app, id));
    }

    [Fact]
    public async Task An_entry_carries_the_request_id_and_the_actor_of_the_change()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        editor.DefaultRequestHeaders.Add("X-Request-Id", "audit-req-42");
        var created = await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = TestGuides.Valid() });
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<long>();

        var admin = await app.SignedInAsync("admin");
        var page = await Json.GetAsync(admin, $"/api/v1/audit/entries?target=catalog.item:{id}");
        var entry = Assert.Single(page["entries"]!.AsArray())!;
        Assert.Equal("audit-req-42", entry["requestId"]!.GetValue<string>());
        Assert.Equal("catalog.item.created", entry["action"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(entry["actor"]!.GetValue<string>()));
        Assert.NotNull(entry["actorDepartment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Catalogue_entries_name_the_staff_account_by_subject_never_by_its_name()
    {
        var app = await AppAsync();
        var department = await AdminTestKit.NewDepartmentAsync(app);
        var editor = await app.SignInStaffAsync([OneWindow.Shared.Security.StaffRoles.CatalogEditor], department.Key);
        var created = await Json.PostAsync(editor.Client, "/api/v1/catalog/items", new { departmentKey = department.Key, guide = TestGuides.Valid() });
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<long>();
        var csv = string.Join(",", OneWindow.Catalog.Features.Transfer.CatalogCsv.Header) + "\r\n" + string.Join(",",
            OneWindow.Catalog.Features.Transfer.CatalogCsv.Record(department.Key, "340100", TestGuides.Valid()).Select(v => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + "\r\n";
        var started = await editor.Client.PostAsync("/api/v1/catalog/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        var jobId = (await Json.ReadAsync(started))["jobId"]!.GetValue<long>();
        Assert.Equal("succeeded", (await AdminTestKit.WaitForJobAsync(editor.Client, jobId))["status"]!.GetValue<string>());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var itemId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var job = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entries = await db.Entries.Where(e => (e.TargetType == "catalog.item" && e.TargetId == itemId) || (e.TargetType == "catalog.import_job" && e.TargetId == job)).ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal($"staff:{editor.StaffId}", e.Actor));
        Assert.All(entries, e => Assert.DoesNotContain(editor.UserName, e.Actor + e.Summary + e.DataJson));
    }

    [Fact]
    public async Task The_background_sealer_seals_new_entries_within_seconds()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var created = await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = TestGuides.Valid() });
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<long>();
        var admin = await app.SignedInAsync("admin");

        // Other tests roll back audited transactions on this app; on PostgreSQL that leaves seq gaps the sealer waits
        // out (10 s), and a busy machine delays the loop further: a generous deadline, polled.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var entry = (await Json.GetAsync(admin, $"/api/v1/audit/entries?target=catalog.item:{id}"))["entries"]![0]!;
            if (entry["sealed"]!.GetValue<bool>())
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "entry not sealed in time");
            await Task.Delay(250);
        }

        var verify = await Json.GetAsync(admin, "/api/v1/audit/verify");
        Assert.True(verify["ok"]!.GetValue<bool>(), verify["problem"]?.GetValue<string>());
        Assert.True(verify["checked"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Only_platform_admins_may_search_and_verify()
    {
        var app = await AppAsync();
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/audit/verify"), 401);
        foreach (var role in new[] { "editor", "reviewer" })
        {
            var client = await app.SignedInAsync(role, role == "editor" ? "ga" : null);
            await Json.ProblemAsync(await client.GetAsync("/api/v1/audit/verify"), 403);
            await Json.ProblemAsync(await client.GetAsync("/api/v1/audit/entries"), 403);
        }

        var admin = await app.SignedInAsync("admin");
        var verify = await Json.GetAsync(admin, "/api/v1/audit/verify");
        Assert.NotNull(verify["ok"]);
        Assert.NotNull(verify["checked"]);
        Assert.True(verify.AsObject().ContainsKey("firstBad"));
        Assert.True(verify.AsObject().ContainsKey("problem"));

        var page = await Json.GetAsync(admin, "/api/v1/audit/entries?action=catalog.regions&pageSize=1");
        var entry = Assert.Single(page["entries"]!.AsArray());
        Assert.Equal("catalog.regions.imported", entry!["action"]!.GetValue<string>());

        var bad = await Json.ProblemAsync(await admin.GetAsync("/api/v1/audit/entries?pageSize=0&from=yesterday&after=x"), 400);
        Assert.NotNull(bad["errors"]!["pageSize"]);
        Assert.NotNull(bad["errors"]!["from"]);
        Assert.NotNull(bad["errors"]!["after"]);
    }

    [Fact]
    public async Task Entries_page_newest_first_by_seq()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = TestGuides.Valid() })).StatusCode);
        }

        var admin = await app.SignedInAsync("admin");
        var first = await Json.GetAsync(admin, "/api/v1/audit/entries?action=catalog.item.created&pageSize=2");
        var seqs = first["entries"]!.AsArray().Select(e => e!["seq"]!.GetValue<long>()).ToList();
        Assert.Equal(2, seqs.Count);
        Assert.True(seqs[0] > seqs[1]);
        var next = first["nextAfter"]!.GetValue<long>();
        var second = await Json.GetAsync(admin, $"/api/v1/audit/entries?action=catalog.item.created&pageSize=2&after={next}");
        Assert.All(second["entries"]!.AsArray(), e => Assert.True(e!["seq"]!.GetValue<long>() < seqs[1]));
    }

    [Fact]
    public async Task The_admin_page_renders_with_filters_and_the_verify_box()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var response = await admin.GetAsync("/admin/audit?action=catalog.regions.imported&actor=system&verify=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await AdminTestKit.HtmlAsync(response);
        Assert.Contains("审计日志", html);
        Assert.Contains("value=\"catalog.regions.imported\"", html);
        Assert.Contains("catalog.regions.imported", html);
        Assert.Contains("校验", html);
        Assert.DoesNotContain("<script", html);

        var bad = await AdminTestKit.HtmlAsync(await admin.GetAsync("/admin/audit?from=notadate"));
        Assert.Contains("查询条件有误", bad);

        var editor = await app.SignedInAsync("editor", "ga");
        Assert.NotEqual(HttpStatusCode.OK, (await editor.GetAsync("/admin/audit")).StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class AuditApiTestsOnSqlite() : AuditApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class AuditApiTestsOnPostgres() : AuditApiTests(DbKind.Postgres);
