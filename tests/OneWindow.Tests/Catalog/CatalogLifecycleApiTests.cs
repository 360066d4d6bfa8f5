using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using OneWindow.Catalog.Domain;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Catalog;

/// <summary>Draft → submitted → approved → published, new versions after publication, return, suspension,
/// department scoping and bad input, through the API with real sign-ins.</summary>
public abstract class CatalogLifecycleApiTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static async Task<long> CreateAsync(HttpClient editor, ItemGuide guide, string department = "ga")
    {
        var response = await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = department, regionCode = "340100", guide });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response))["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task An_item_goes_from_draft_to_published_and_a_later_edit_makes_a_new_version()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var reviewer = await app.SignedInAsync("reviewer");
        var anonymous = app.Anonymous();
        var guide = TestGuides.Valid(name: "测试边境通行证签发");
        var id = await CreateAsync(editor, guide);

        // A draft is not public.
        await Json.ProblemAsync(await anonymous.GetAsync($"/api/v1/catalog/items/{id}"), 404);
        // It cannot be published before review.
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/v1/catalog/items/{id}/submit", null)).StatusCode);
        await Json.ProblemAsync(await reviewer.PostAsync($"/api/v1/catalog/items/{id}/publish", null), 409);
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/approve", new { comment = "同意" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/v1/catalog/items/{id}/publish", null)).StatusCode);

        var published = await Json.GetAsync(anonymous, $"/api/v1/catalog/items/{id}");
        Assert.Equal(1, published["version"]!.GetValue<int>());
        var found = await Json.GetAsync(anonymous, "/api/v1/catalog/items?q=" + Uri.EscapeDataString("边境通行证"));
        Assert.Contains(found["items"]!.AsArray(), i => i!["id"]!.GetValue<long>() == id);

        // Editing a published item starts version 2; the public keeps version 1 until 2 is published.
        guide.PromisedDays = 3;
        var save = await editor.PutAsJsonAsync($"/api/v1/catalog/items/{id}/draft", new { guide, changeNote = "压缩时限" }, Json.Options);
        Assert.Equal(2, (await Json.ReadAsync(save))["version"]!.GetValue<int>());
        Assert.Equal(1, (await Json.GetAsync(anonymous, $"/api/v1/catalog/items/{id}"))["version"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/v1/catalog/items/{id}/submit", null)).StatusCode);
        // While in review the draft cannot be changed.
        await Json.ProblemAsync(await editor.PutAsJsonAsync($"/api/v1/catalog/items/{id}/draft", new { guide }, Json.Options), 409);
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/approve", new { comment = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/v1/catalog/items/{id}/publish", null)).StatusCode);

        var v2 = await Json.GetAsync(anonymous, $"/api/v1/catalog/items/{id}");
        Assert.Equal(2, v2["version"]!.GetValue<int>());
        Assert.Equal(3, v2["guide"]!["promisedDays"]!.GetValue<int>());
        var v1 = await Json.GetAsync(anonymous, $"/api/v1/catalog/items/{id}/versions/1");
        Assert.Equal(5, v1["guide"]!["promisedDays"]!.GetValue<int>());
        Assert.Equal("superseded", v1["version"]!["state"]!.GetValue<string>());

        var diff = await Json.GetAsync(anonymous, $"/api/v1/catalog/items/{id}/diff?from=1&to=2");
        var change = Assert.Single(diff["changes"]!.AsArray());
        Assert.Equal("promisedDays", change!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reviewer_returns_with_comments_and_suspension_needs_a_reason()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var reviewer = await app.SignedInAsync("reviewer");
        var guide = TestGuides.Valid();
        var id = await CreateAsync(editor, guide);
        await editor.PostAsync($"/api/v1/catalog/items/{id}/submit", null);

        var noComment = await Json.ProblemAsync(await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/return", new { comment = " " }), 400);
        Assert.NotNull(noComment["errors"]!["comment"]);
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/return", new { comment = "材料清单不完整" })).StatusCode);
        // Returned drafts are editable again and can be resubmitted.
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/api/v1/catalog/items/{id}/draft", new { guide, changeNote = "补充材料" }, Json.Options)).StatusCode);

        // Suspension of a never-published item is a conflict; of a published one it needs a reason.
        await Json.ProblemAsync(await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/suspend", new { reason = "系统升级" }), 409);
        await editor.PostAsync($"/api/v1/catalog/items/{id}/submit", null);
        await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/approve", new { comment = "ok" });
        await reviewer.PostAsync($"/api/v1/catalog/items/{id}/publish", null);
        await Json.ProblemAsync(await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/suspend", new { reason = "" }), 400);
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/suspend", new { reason = "系统升级暂停受理" })).StatusCode);
        var item = await Json.GetAsync(app.Anonymous(), $"/api/v1/catalog/items/{id}");
        Assert.Equal("suspended", item["status"]!.GetValue<string>());
        Assert.Equal("系统升级暂停受理", item["statusReason"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/unpublish", new { reason = "事项取消" })).StatusCode);
        await Json.ProblemAsync(await app.Anonymous().GetAsync($"/api/v1/catalog/items/{id}"), 404);
    }

    [Fact]
    public async Task Editors_only_touch_their_own_department_and_anonymous_callers_nothing()
    {
        var app = await AppAsync();
        var gaEditor = await app.SignedInAsync("editor", "ga");
        var mzEditor = await app.SignedInAsync("editor", "mz");
        var id = await CreateAsync(gaEditor, TestGuides.Valid());

        await Json.ProblemAsync(await mzEditor.PostAsync($"/api/v1/catalog/items/{id}/submit", null), 403);
        await Json.ProblemAsync(await Json.PostAsync(mzEditor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = TestGuides.Valid() }), 403);
        // An editor cannot review.
        await gaEditor.PostAsync($"/api/v1/catalog/items/{id}/submit", null);
        await Json.ProblemAsync(await Json.PostAsync(gaEditor, $"/api/v1/catalog/items/{id}/approve", new { comment = "" }), 403);
        // No session: 401 problem, not a redirect.
        await Json.ProblemAsync(await app.Anonymous().PostAsync($"/api/v1/catalog/items/{id}/submit", null), 401);
    }

    [Fact]
    public async Task Bad_guides_are_refused_field_by_field_and_nothing_is_saved()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var guide = TestGuides.Valid();
        guide.Name = new string('长', 101);
        guide.ItemType = "77";
        guide.Materials[1].Name = "";
        guide.PromisedDays = 30;
        guide.ConsultPhone = "call me";
        guide.LegalBasis.Clear();
        var response = await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide });
        var problem = await Json.ProblemAsync(response, 400);
        foreach (var field in new[] { "name", "itemType", "materials[1].name", "promisedDays", "consultPhone", "legalBasis" })
        {
            Assert.True(problem["errors"]![field] != null, $"missing error for {field}: {problem}");
        }

        var badRegion = await Json.ProblemAsync(await Json.PostAsync(editor, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "999999", guide = TestGuides.Valid() }), 400);
        Assert.NotNull(badRegion["errors"]!["regionCode"]);

        // Malformed JSON is a 400 problem, never a 500.
        var malformed = await editor.PostAsync("/api/v1/catalog/items", new StringContent("{\"guide\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)malformed.StatusCode);
        var wrongType = await editor.PostAsync("/api/v1/catalog/items", new StringContent("{\"guide\": {\"statutoryDays\": \"many\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)wrongType.StatusCode);

        // Nothing half-saved: no basic item, implementation or version carries the refused guide's base code or name.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneWindow.Catalog.Data.CatalogDbContext>();
        Assert.False(await db.BasicItems.AnyAsync(b => b.BaseCode == guide.BaseCode));
        Assert.False(await db.ItemVersions.AnyAsync(v => v.Name == guide.Name));
    }

    [Fact]
    public async Task Markup_is_stored_as_text_and_rendered_escaped()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor", "ga");
        var reviewer = await app.SignedInAsync("reviewer");
        var guide = TestGuides.Valid(name: "脚本测试<script>alert(1)</script>");
        guide.AcceptanceConditions = "<img src=x onerror=alert(1)>条件";
        var id = await CreateAsync(editor, guide);
        await editor.PostAsync($"/api/v1/catalog/items/{id}/submit", null);
        await Json.PostAsync(reviewer, $"/api/v1/catalog/items/{id}/approve", new { comment = "" });
        await reviewer.PostAsync($"/api/v1/catalog/items/{id}/publish", null);

        var api = await Json.GetAsync(app.Anonymous(), $"/api/v1/catalog/items/{id}");
        Assert.Equal(guide.Name, api["guide"]!["name"]!.GetValue<string>());
        var html = await app.Anonymous().GetStringAsync($"/items/{id}");
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task Same_base_code_must_keep_the_catalogue_name_type_and_basis()
    {
        var app = await AppAsync();
        var ga = await app.SignedInAsync("editor", "ga");
        var mz = await app.SignedInAsync("editor", "mz");
        var guide = TestGuides.Valid();
        await CreateAsync(ga, guide);
        var renamed = TestGuides.Valid(guide.BaseCode, name: "另一个名字");
        var problem = await Json.ProblemAsync(await Json.PostAsync(mz, "/api/v1/catalog/items", new { departmentKey = "mz", regionCode = "340100", guide = renamed }), 400);
        Assert.NotNull(problem["errors"]!["name"]);
        // Same elements: another agency may implement it.
        var same = TestGuides.Valid(guide.BaseCode, guide.Name);
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(mz, "/api/v1/catalog/items", new { departmentKey = "mz", regionCode = "340100", guide = same })).StatusCode);
        // The same agency twice: refused.
        await Json.ProblemAsync(await Json.PostAsync(ga, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = same }), 400);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CatalogLifecycleApiTestsOnSqlite() : CatalogLifecycleApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CatalogLifecycleApiTestsOnPostgres() : CatalogLifecycleApiTests(DbKind.Postgres);
