using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Domain;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Catalog.AdminTestKit;

namespace OneWindow.Tests.Catalog;

/// <summary>The back-office pages through real sign-ins and real form posts (no JavaScript anywhere).</summary>
public abstract class CatalogAdminPagesTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static async Task<long> CreateViaApiAsync(HttpClient editor, ItemGuide guide, string department = "ga")
    {
        var response = await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = department, regionCode = "340100", guide });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response))["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task Admin_pages_render_for_each_role()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var id = await CreateViaApiAsync(editor, TestGuides.Valid(name: "角色渲染测试"));
        foreach (var role in new[] { "editor", "reviewer", "admin" })
        {
            var client = role == "editor" ? editor : await app.SignedInAsync(role);
            var list = await client.GetAsync("/admin/catalog");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var html = await HtmlAsync(list);
            Assert.Contains("实施编码", html);
            Assert.Equal(role != "editor", html.Contains("待审核队列", StringComparison.Ordinal));
            var detail = await HtmlAsync(await client.GetAsync($"/admin/catalog/{id}"));
            Assert.Contains("角色渲染测试", detail);
            Assert.Contains("操作记录", detail);
            Assert.Equal(role == "reviewer" ? HttpStatusCode.Forbidden : HttpStatusCode.OK, (await client.GetAsync("/admin/catalog/new")).StatusCode);
            Assert.Equal(role == "reviewer" ? HttpStatusCode.Forbidden : HttpStatusCode.OK, (await client.GetAsync($"/admin/catalog/{id}/edit")).StatusCode);
        }

        // Editors only see their own department in the list.
        var gaList = await HtmlAsync(await editor.GetAsync("/admin/catalog?q=" + Uri.EscapeDataString("机动车驾驶证")));
        Assert.Contains("机动车驾驶证", gaList);
        var mz = await app.SignedInAsync("editor", "mz");
        var mzList = await HtmlAsync(await mz.GetAsync("/admin/catalog?q=" + Uri.EscapeDataString("机动车驾驶证")));
        Assert.DoesNotContain("机动车驾驶证补领", mzList);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync("/admin/catalog")).StatusCode);
    }

    [Fact]
    public async Task An_editor_cannot_open_or_edit_another_departments_item()
    {
        var app = await AppAsync();
        var ga = await app.SignedInAsync("editor", "ga");
        var guide = TestGuides.Valid();
        var id = await CreateViaApiAsync(ga, guide);
        var mz = await app.SignedInAsync("editor", "mz");
        Assert.Equal(HttpStatusCode.NotFound, (await mz.GetAsync($"/admin/catalog/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mz.GetAsync($"/admin/catalog/{id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mz.GetAsync($"/admin/catalog/{id}/diff?from=1&to=1")).StatusCode);
        guide.Summary = "被其他部门篡改";
        var post = await PostFormAsync(mz, "/admin/catalog/new", $"/admin/catalog/{id}/edit", [.. FormFields(guide), new("Revision", "0")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var submit = await PostFormAsync(mz, "/admin/catalog/new", $"/admin/catalog/{id}?handler=Submit", []);
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        var json = await DbAsync(app, db => db.ItemVersions.Where(v => v.ServiceItemId == id).Select(v => v.GuideJson).SingleAsync());
        Assert.DoesNotContain("篡改", json);
    }

    [Fact]
    public async Task Creating_with_errors_shows_them_by_the_fields_keeps_the_input_and_saves_nothing()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var guide = TestGuides.Valid(name: "错误提示测试");
        var fields = FormFields(guide).Where(f => f.Key != "Form.Materials[1].Issuer" && f.Key != "Form.StatutoryDays" && f.Key != "Form.Targets").ToList();
        fields.Add(new("Form.StatutoryDays", "二十"));
        var response = await PostFormAsync(editor, "/admin/catalog/new", "/admin/catalog/new", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("href=\"#f-materials-1-issuer\"", html);
        Assert.Contains("id=\"f-materials-1-issuer-error\"", html);
        Assert.Contains("请填写出具单位", html);
        Assert.Contains("href=\"#f-targets\"", html);
        Assert.Contains("id=\"f-statutoryDays-error\"", html);
        // Nothing typed is lost, including the value that was not a number.
        Assert.Contains("value=\"二十\"", html);
        Assert.Contains("value=\"错误提示测试\"", html);
        Assert.Contains(guide.Materials[0].Name, html);
        Assert.Equal(0, await DbAsync(app, db => db.BasicItems.CountAsync(b => b.BaseCode == guide.BaseCode)));
    }

    [Fact]
    public async Task Add_row_and_delete_work_without_javascript()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var response = await PostFormAsync(editor, "/admin/catalog/new", "/admin/catalog/new",
        [
            new("Form.Name", "加行测试"), new("Form.Materials[0].Name", "材料甲"), new("Form.Materials[1].Name", "材料乙"),
            new("Form.Materials[1].Delete", "true"), new("AddRow", "materials"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HtmlAsync(response);
        // The deleted row is gone, the kept one stays, and the list has two empty rows (the usual one and the added one).
        Assert.Contains("value=\"材料甲\"", html);
        Assert.DoesNotContain("材料乙", html);
        Assert.Contains("name=\"Form.Materials[2].Name\"", html);
        Assert.DoesNotContain("name=\"Form.Materials[3].Name\"", html);
        Assert.Contains("name=\"Form.Steps[0].Name\"", html);
        Assert.DoesNotContain("name=\"Form.Steps[1].Name\"", html);
        Assert.DoesNotContain("class=\"error-summary\"", html);
        Assert.Equal(0, await DbAsync(app, db => db.ItemVersions.CountAsync(v => v.Name == "加行测试")));
    }

    [Fact]
    public async Task The_full_life_cycle_through_the_pages_changes_what_the_portal_shows()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var reviewer = await app.SignedInAsync("reviewer");
        var guide = TestGuides.Valid(name: "页面流程测试事项");
        var gaId = await DepartmentIdAsync(app, "ga");
        // Empty trailing rows, as the browser posts them, are ignored.
        var create = await PostFormAsync(editor, "/admin/catalog/new", "/admin/catalog/new",
            [.. FormFields(guide), new("Form.Faq[1].Q", ""), new("Form.Faq[1].A", " "), new("DepartmentId", "99999"), new("RegionCode", "340100")]);
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var id = long.Parse(create.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var item = await DbAsync(app, db => db.ServiceItems.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal(gaId, item.DepartmentId); // an editor's department is fixed, whatever is posted
        Assert.Single(ItemGuide.FromJson(await DbAsync(app, db => db.ItemVersions.Where(v => v.ServiceItemId == id).Select(v => v.GuideJson).SingleAsync())).Faq);
        Assert.Contains("已创建草稿", await HtmlAsync(await editor.GetAsync($"/admin/catalog/{id}")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/items/{id}")).StatusCode);

        var detail = $"/admin/catalog/{id}";
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(editor, detail, detail + "?handler=Submit", [])).StatusCode);
        // The reviewer's queue shows it.
        Assert.Contains("页面流程测试事项", await HtmlAsync(await reviewer.GetAsync("/admin/catalog?status=submitted&q=" + Uri.EscapeDataString("页面流程"))));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(reviewer, detail, detail + "?handler=Approve", [new("Comment", "同意")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(reviewer, detail, detail + "?handler=Publish", [])).StatusCode);
        var portal = await HtmlAsync(await app.Anonymous().GetAsync($"/items/{id}"));
        Assert.Contains("页面流程测试事项", portal);

        // Editing the published item makes version 2 through the form; the portal keeps version 1 until it is published.
        guide.PromisedDays = 2;
        var revision = await DbAsync(app, db => db.ServiceItems.Where(i => i.Id == id).Select(i => i.Revision).SingleAsync());
        var edit = await PostFormAsync(editor, $"{detail}/edit", $"{detail}/edit", [.. FormFields(guide), new("Revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ChangeNote", "压缩时限")]);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        // A stale revision is refused, not silently saved over.
        var stale = await PostFormAsync(editor, $"{detail}/edit", $"{detail}/edit", [.. FormFields(guide), new("Revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Contains("已被他人修改", await HtmlAsync(stale));
        Assert.Equal(2, await DbAsync(app, db => db.ItemVersions.CountAsync(v => v.ServiceItemId == id)));
        var diff = await HtmlAsync(await editor.GetAsync($"{detail}/diff?from=1&to=2"));
        Assert.Contains("promisedDays", diff);
        Assert.Contains("版本比较", diff);

        // Return needs a comment; the error comes back on the page after the redirect.
        await PostFormAsync(editor, detail, detail + "?handler=Submit", []);
        await PostFormAsync(reviewer, detail, detail + "?handler=Return", [new("Comment", "")]);
        Assert.Contains("退回时请写明需要修改的内容", await HtmlAsync(await reviewer.GetAsync(detail)));
        Assert.Equal(VersionState.Submitted, await DbAsync(app, db => db.ItemVersions.Where(v => v.ServiceItemId == id && v.VersionNo == 2).Select(v => v.State).SingleAsync()));
        var events = await DbAsync(app, db => db.ItemEvents.Where(e => e.ServiceItemId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["created", "submitted", "approved", "published", "edited", "submitted"], events);

        // Suspension with a reason shows on the portal.
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(reviewer, detail, detail + "?handler=Suspend", [new("Reason", "系统升级暂停")])).StatusCode);
        Assert.Contains("系统升级暂停", await HtmlAsync(await app.Anonymous().GetAsync($"/items/{id}")));
    }
}

[Trait("Database", "Sqlite")]
public sealed class CatalogAdminPagesTestsOnSqlite() : CatalogAdminPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CatalogAdminPagesTestsOnPostgres() : CatalogAdminPagesTests(DbKind.Postgres);
