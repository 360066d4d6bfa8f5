using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Registry.RegistryTestKit;

namespace OneWindow.Tests.Registry;

/// <summary>The registry pages: look-up by exact code, masked record with audited reveal, conflicts resolved by form,
/// quality charts, rules and the all-or-nothing CSV import with errors by row and column.</summary>
public abstract class RegistryPageTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task Look_up_shows_the_record_masked_and_revealing_the_code_is_audited()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber();
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(2), new { name = "卫页面", gender = "男" }));

        var notFound = await CitizenKit.PostFormAsync(admin, "/admin/registry", new() { ["Kind"] = "person", ["Code"] = NewIdNumber() });
        Assert.Equal(HttpStatusCode.OK, notFound.StatusCode);
        Assert.Contains("库中没有该代码的记录", await notFound.Content.ReadAsStringAsync());
        var bad = await CitizenKit.PostFormAsync(admin, "/admin/registry", new() { ["Kind"] = "person", ["Code"] = "123" });
        Assert.Contains("公民身份号码应为18位", await bad.Content.ReadAsStringAsync());

        var found = await CitizenKit.PostFormAsync(admin, "/admin/registry", new() { ["Kind"] = "person", ["Code"] = id });
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        var path = found.Headers.Location!.OriginalString;
        var html = await admin.GetStringAsync(path);
        Assert.Contains(Masked(id), html);
        Assert.DoesNotContain(id, html);
        Assert.Contains("卫页面", html);
        Assert.Contains("市公安局户籍系统", html);

        var revealed = await CitizenKit.PostFormAsync(admin, path, new(), handler: "Reveal");
        Assert.Contains(id, await revealed.Content.ReadAsStringAsync());
        var entityId = path[(path.LastIndexOf('/') + 1)..];
        var audit = Assert.Single(await AuditAsync(app, "registry.record_revealed", entityId));
        Assert.DoesNotContain(id, audit.Summary);

        var officer = await app.SignedInAsync("window_officer", "ga");
        var denied = await officer.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("access-denied", denied.Headers.Location!.OriginalString);
        var citizen = await CitizenKit.SignedInAsync(app, await CitizenKit.RegisterAsync(app));
        Assert.NotEqual(HttpStatusCode.OK, (await citizen.GetAsync("/admin/registry")).StatusCode);
    }

    [Fact]
    public async Task A_conflict_is_resolved_on_the_conflicts_page()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber();
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(5), new { birthDate = "1966-06-06" }));
        await SubmitOkAsync(admin, "wjw-birth", Record(id, At(5), new { birthDate = "1966-06-09" }));
        var conflictId = (await ConflictsAsync(admin, Masked(id), "birthDate")).Single()["id"]!.GetValue<long>();
        Assert.Contains("1966-06-09", await admin.GetStringAsync("/admin/registry/conflicts?pageSize=200"));

        var missing = await CitizenKit.PostFormAsync(admin, "/admin/registry/conflicts", new() { ["conflictId"] = conflictId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("请选择一个数据来源的取值", await missing.Content.ReadAsStringAsync());
        var response = await CitizenKit.PostFormAsync(admin, "/admin/registry/conflicts", new()
        {
            ["conflictId"] = conflictId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["source"] = "wjw-birth", ["reason"] = "出生医学证明原件核对",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("1966-06-09", (await PersonAsync(app, id))!.Value("birthDate"));
    }

    [Fact]
    public async Task Quality_and_rules_pages_render_for_data_admins()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var quality = await admin.GetStringAsync("/admin/registry/quality");
        Assert.Contains("<svg class=\"bar\"", quality);
        Assert.Contains("ga-hukou", quality);
        Assert.Contains("市委编办事业单位登记", quality);
        var rules = await admin.GetStringAsync("/admin/registry/rules");
        Assert.Contains("ga-hukou&gt;mz-marriage&gt;wjw-birth", rules);
        var home = await admin.GetStringAsync("/admin/registry");
        Assert.Contains("/admin/registry/conflicts", home);
    }

    [Fact]
    public async Task Csv_import_is_all_or_nothing_with_errors_by_row_and_column()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var first = NewIdNumber();
        var second = NewIdNumber(male: false);
        var badCsv = $"code,observedAt,name,householdRegion\n{first},{At(1)},褚导入,340104\n{second},{At(1)},\"卫,导入\",349999\n123,,某人,340104\n";
        var html = await (await PostCsvAsync(admin, "ga-hukou", badCsv)).Content.ReadAsStringAsync();
        Assert.Contains("未导入任何数据", html);
        Assert.Matches(@"<td>3</td><td><code>householdRegion</code></td>", html);
        Assert.Matches(@"<td>4</td><td><code>code</code></td>", html);
        Assert.Null(await PersonAsync(app, first));

        var goodCsv = $"code,observedAt,name,householdRegion\n{first},{At(1)},褚导入,340104\n{second},,\"卫,导入\",340103\n";
        html = await (await PostCsvAsync(admin, "ga-hukou", goodCsv)).Content.ReadAsStringAsync();
        Assert.Contains("已导入 2 条记录", html);
        Assert.Equal("卫,导入", (await PersonAsync(app, second))!.Value("name"));
        Assert.Equal("340104", (await PersonAsync(app, first))!.Value("householdRegion"));
        Assert.True(await app.QueryAsync<RegistryDbContext, bool>(db => db.Records.AnyAsync(r => r.SentBy.StartsWith("staff:"))));
    }

    private static async Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string source, string csv)
    {
        var token = await OneWindowApp.AntiforgeryTokenAsync(client, "/admin/registry/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(source), "Source" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "records.csv");
        return await client.PostAsync("/admin/registry/import", form);
    }
}

[Trait("Database", "Sqlite")]
public sealed class RegistryPageTestsOnSqlite() : RegistryPageTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RegistryPageTestsOnPostgres() : RegistryPageTests(DbKind.Postgres);
