using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Oidc.Clients;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Identity.IdentityTestData;
using static OneWindow.Tests.Licences.LicencesTestKit;

namespace OneWindow.Tests.Licences;

/// <summary>POST /api/v1/licences/import: all or nothing per batch, errors per record, callers with licences.write.</summary>
public abstract class LicenceImportTests(DbKind kind)
{
    private static object Record(string holder, string reference, string? type = "居民户口簿", string issuedOn = "2020-06-01") => new
    {
        type,
        holderName = "导入测试",
        holderCode = holder,
        holderCodeType = "111",
        number = "HK-" + reference,
        issuedOn,
        sourceReference = reference,
        data = new Dictionary<string, string> { ["householdHead"] = "导入测试", ["relation"] = "户主", ["householdRegion"] = "340104", ["address"] = "合肥市导入路1号" },
    };

    [Fact]
    public async Task A_department_system_imports_a_batch_signed_with_its_departments_key()
    {
        var app = await SharedApps.GetAsync(kind);
        var token = await OidcTestKit.ClientTokenAsync(app.Anonymous(), DemoClientSeeder.ClientId, DemoClientSeeder.Secret, "licences.write");
        var (a, b) = (NewIdNumber(), NewIdNumber());

        var response = await app.Anonymous().SendAsync(Bearer(HttpMethod.Post, "/api/v1/licences/import", token,
            new { records = new[] { Record(a, "old-" + a), Record(b, "old-" + b) } }));
        var body = await OkJsonAsync(response);

        Assert.Equal(2, body["imported"]!.GetValue<int>());
        var ga = await DepartmentIdAsync(app, "ga");
        var rows = await app.QueryAsync<LicencesDbContext, List<(long Department, string Number)>>(async db =>
            (await db.Licences.Where(l => l.HolderCode == a || l.HolderCode == b).ToListAsync()).Select(l => (l.IssuerDepartmentId, l.Number)).ToList());
        Assert.All(rows, r => Assert.Equal(ga, r.Department));
        Assert.Contains(rows, r => r.Number == "HK-old-" + a);
        foreach (var identifier in ((JsonArray)body["identifiers"]!).Select(i => i!.GetValue<string>()))
        {
            Assert.Equal("valid", (await VerifyAsync(app.Anonymous(), identifier: identifier)).Status);
        }
    }

    [Fact]
    public async Task One_bad_record_rejects_the_whole_batch_with_errors_per_record()
    {
        var app = await SharedApps.GetAsync(kind);
        var admin = await app.SignedInAsync("department_admin", "ga");
        var (good, bad, future) = (NewIdNumber(), NewIdNumber(), NewIdNumber());

        var response = await Json.PostAsync(admin, "/api/v1/licences/import", new
        {
            records = new[] { Record(good, "b-" + good), Record(bad[..17] + (bad[17] == '0' ? '1' : '0'), "b-" + bad), Record(future, "b-" + future, issuedOn: "2999-01-01"), Record(NewIdNumber(), "b-x", type: "没有此类") },
        });
        var problem = await Json.ProblemAsync(response, 400);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["records[1]", "records[2]", "records[3]"], errors.Select(e => e.Key).Order());
        Assert.Equal(0, await app.QueryAsync<LicencesDbContext, int>(db => db.Licences.CountAsync(l => l.HolderCode == good)));
    }

    [Fact]
    public async Task Import_needs_the_write_scope_or_a_department_admin()
    {
        var app = await SharedApps.GetAsync(kind);
        var readOnly = await OidcTestKit.ClientTokenAsync(app.Anonymous(), DemoClientSeeder.ClientId, DemoClientSeeder.Secret, "licences.read");
        var holder = NewIdNumber();

        await Json.ProblemAsync(await app.Anonymous().SendAsync(Bearer(HttpMethod.Post, "/api/v1/licences/import", readOnly, new { records = new[] { Record(holder, "s-" + holder) } })), 403);
        await Json.ProblemAsync(await Json.PostAsync(await app.SignedInAsync("editor", "ga"), "/api/v1/licences/import", new { records = new[] { Record(holder, "s-" + holder) } }), 403);
        Assert.Equal(401, (int)(await Json.PostAsync(app.Anonymous(), "/api/v1/licences/import", new { records = Array.Empty<object>() })).StatusCode);
    }

    [Fact]
    public async Task A_refusal_carries_its_code_and_follows_accept_language()
    {
        var app = await SharedApps.GetAsync(kind);
        var editor = await app.SignedInAsync("editor", "ga");
        var holder = NewIdNumber();

        var chinese = await Json.ProblemAsync(await Json.PostAsync(editor, "/api/v1/licences/import", new { records = new[] { Record(holder, "l-" + holder) } }), 403);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences/import") { Content = System.Net.Http.Json.JsonContent.Create(new { records = new[] { Record(holder, "l-" + holder) } }) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await Json.ProblemAsync(await editor.SendAsync(request), 403);

        Assert.Equal("licences.import_forbidden", chinese["code"]!.GetValue<string>());
        Assert.Equal("导入需要带 licences.write 权限的部门系统令牌或部门管理员", chinese["detail"]!.GetValue<string>());
        Assert.Equal("无权操作", chinese["title"]!.GetValue<string>());
        Assert.Equal("licences.import_forbidden", english["code"]!.GetValue<string>());
        Assert.Equal("Importing needs a department system token with licences.write, or a department admin", english["detail"]!.GetValue<string>());
        Assert.Equal("Not allowed", english["title"]!.GetValue<string>());
    }
}

[Trait("Database", "Sqlite")]
public sealed class LicenceImportTestsOnSqlite() : LicenceImportTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class LicenceImportTestsOnPostgres() : LicenceImportTests(DbKind.Postgres);
