using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Catalog.AdminTestKit;

namespace OneWindow.Tests.Cases;

/// <summary>The staff workbench (/admin/cases…) through real sign-ins and real form posts with antiforgery tokens:
/// the desk, accepting, one correction notice with several points, a stale form, another department's officer, the
/// process page's errors and the inbox filters.</summary>
public abstract partial class CaseStaffPagesTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    private static async Task<(long Id, string Number)> SubmittedCaseAsync(OneWindowApp app)
    {
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var submitted = await CaseKit.ApplyAsync(applicant, item);
        return (submitted["id"]!.GetValue<long>(), submitted["number"]!.GetValue<string>());
    }

    /// <summary>Follows the page's "next page" links until <paramref name="needle"/> shows up (shared apps hold many cases).</summary>
    private static async Task<string?> FindInPagesAsync(HttpClient client, string url, string needle)
    {
        for (var next = url; next != null;)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await HtmlAsync(response);
            var row = Regex.Match(html, "<tr>(?:(?!</tr>).)*" + Regex.Escape(needle) + "(?:(?!</tr>).)*</tr>", RegexOptions.Singleline);
            if (row.Success)
            {
                return row.Value;
            }

            var link = Regex.Match(html, "<a href=\"([^\"]+)\" rel=\"next\">");
            next = link.Success ? link.Groups[1].Value : null;
        }

        return null;
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string handler, params KeyValuePair<string, string>[] fields) =>
        await PostFormAsync(client, $"/admin/cases/{id}", $"/admin/cases/{id}?handler={handler}", fields);

    private static KeyValuePair<string, string> F(string name, object value) => new(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);

    [Fact]
    public async Task The_desk_lists_a_submitted_case_and_the_officer_accepts_it_on_the_case_page()
    {
        var app = await App();
        var (id, number) = await SubmittedCaseAsync(app);
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");

        var row = await FindInPagesAsync(window, "/admin/cases/desk", number);
        Assert.NotNull(row);
        Assert.Contains($"href=\"/admin/cases/{id}\"", row);
        Assert.Contains("已提交，待受理", row);

        var page = await HtmlAsync(await window.GetAsync($"/admin/cases/{id}"));
        Assert.Contains("联系电话", page); // the answer's label from the frozen form
        Assert.Contains("13912345678", page);
        Assert.Contains($"/api/v1/cases/{id}/materials/", page);
        Assert.Contains("<input type=\"hidden\" name=\"Revision\"", page);

        var accepted = await ActAsync(window, id, "Accept", F("Revision", await CaseKit.RevisionAsync(window, id)));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/admin/cases/{id}", accepted.Headers.Location!.OriginalString);
        var after = await HtmlAsync(await window.GetAsync($"/admin/cases/{id}"));
        Assert.Contains("已受理，受理通知书已生成。", after);
        Assert.Contains("受理通知书", after);
        Assert.Equal(8, (await CaseKit.CaseAsync(window, id))["statusCode"]!.GetValue<int>()); // in process at the review step
        Assert.Null(await FindInPagesAsync(window, "/admin/cases/desk", number));

        var receiptId = await app.QueryAsync<CasesDbContext, long>(db => db.Notices.Where(n => n.CaseId == id && n.Kind == "receipt").Select(n => n.Id).SingleAsync());
        var receipt = await HtmlAsync(await window.GetAsync($"/admin/cases/{id}/notices/{receiptId}"));
        Assert.Contains("受理通知书", receipt);
        Assert.Contains(number, receipt);
        Assert.Contains("<svg", receipt);
    }

    [Fact]
    public async Task The_correction_form_sends_two_points_as_one_notice_and_shows_a_missing_problem_beside_its_box()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (id, _) = await SubmittedCaseAsync(app);
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var material = item.RequiredUploads[0];
        var revision = await CaseKit.RevisionAsync(window, id);
        var historyBefore = await CaseKit.HistoryCountAsync(app, id);

        // A ticked point without its problem: the error sits beside that box, nothing is issued.
        var missing = await ActAsync(window, id, "Correction", F("Revision", revision), F("PickedMaterials", material), F($"MaterialProblems[{material}]", ""),
            F("PickedFields", "contactPhone"), F("FieldProblems[contactPhone]", "请核对联系电话"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = await HtmlAsync(missing);
        Assert.Contains($"<p class=\"field-error\" id=\"correction-m{material}-error\">请说明问题（最多 500 字）。</p>", errors);
        Assert.Contains($"<a href=\"#correction-m{material}\">", errors);
        Assert.Contains("value=\"请核对联系电话\"", errors); // the input is kept
        Assert.Equal(historyBefore, await CaseKit.HistoryCountAsync(app, id));
        Assert.Equal(0, await app.QueryAsync<CasesDbContext, int>(db => db.Notices.CountAsync(n => n.CaseId == id)));

        var sent = await ActAsync(window, id, "Correction", F("Revision", revision), F("PickedMaterials", material), F($"MaterialProblems[{material}]", "照片不清晰，请重新上传"),
            F("PickedFields", "contactPhone"), F("FieldProblems[contactPhone]", "请核对联系电话"), F("Note", "请一并补正"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var notices = await app.QueryAsync<CasesDbContext, List<string>>(db => db.Notices.Where(n => n.CaseId == id).Select(n => n.Kind + "|" + n.BodyJson).ToListAsync());
        var notice = Assert.Single(notices);
        Assert.StartsWith("correction|", notice);
        Assert.Contains("照片不清晰，请重新上传", notice);
        Assert.Contains("\"fieldKey\":\"contactPhone\"", notice);
        Assert.Contains("请一并补正", notice);
        Assert.Equal(6, (await CaseKit.CaseAsync(window, id))["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_form_from_an_older_view_of_the_case_gets_the_409_message_and_changes_nothing()
    {
        var app = await App();
        var (id, _) = await SubmittedCaseAsync(app);
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var stale = await CaseKit.RevisionAsync(window, id);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(window, id, "Comment", F("Revision", stale), F("Text", "先看一下"))).StatusCode);
        var history = await CaseKit.HistoryCountAsync(app, id);
        // Someone else acted meanwhile (a comment counts: it bumps the revision); this officer's page still says the old one.
        var refused = await ActAsync(window, id, "NotAccept", F("Revision", stale), F("Reason", "材料不全"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = await HtmlAsync(refused);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("该办件刚被其他人办理，请刷新后再试。", html);
        Assert.Equal(history, await CaseKit.HistoryCountAsync(app, id));
        Assert.Equal(1, (await CaseKit.CaseAsync(window, id))["statusCode"]!.GetValue<int>());

        var accept = await ActAsync(window, id, "Accept", F("Revision", stale));
        Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
        Assert.Contains("该办件刚被其他人办理", await HtmlAsync(accept));
    }

    [Fact]
    public async Task An_officer_of_another_department_gets_404_and_its_posts_change_nothing()
    {
        var app = await App();
        var (id, number) = await SubmittedCaseAsync(app);
        var outsider = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "mz");
        var history = await CaseKit.HistoryCountAsync(app, id);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/admin/cases/{id}")).StatusCode);
        var token = await OneWindowApp.AntiforgeryTokenAsync(outsider, "/admin/cases");
        foreach (var handler in new[] { "Accept", "Comment", "NotAccept", "Extend" })
        {
            var response = await outsider.PostAsync($"/admin/cases/{id}?handler={handler}", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), F("Revision", 0), F("Text", "x"), F("Reason", "x"), F("Days", 3)]));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(history, await CaseKit.HistoryCountAsync(app, id));
        Assert.Equal(1, await app.QueryAsync<CasesDbContext, int>(db => db.Cases.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        Assert.Null(await FindInPagesAsync(outsider, "/admin/cases/desk", number));
    }

    [Fact]
    public async Task The_process_page_lists_every_error_beside_the_definition_and_keeps_the_text()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 3);
        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var page = $"/admin/cases/items/{item.Id}/process";
        var shown = await HtmlAsync(await admin.GetAsync(page));
        Assert.Contains("<textarea id=\"definition\"", shown);
        Assert.Contains("\"kind\": \"decide\"", shown);

        var notJson = await PostFormAsync(admin, page, page, [F("Definition", "{ steps: ")]);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("<li>JSON 格式不正确</li>", await HtmlAsync(notJson));

        const string noDecision = """{"steps":[{"key":"r","name":"审查","kind":"review","role":"reviewer"},{"key":"r","name":"","kind":"sing","role":"supervisor"}]}""";
        var wrong = await PostFormAsync(admin, page, page, [F("Definition", noDecision)]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var html = await HtmlAsync(wrong);
        Assert.Contains("<ul class=\"field-error\" id=\"definition-error\">", html);
        Assert.Contains("需要且只能有一个决定环节", html);
        Assert.Contains("steps[1].key", html);
        Assert.Contains("steps[1].kind", html);
        Assert.Contains("steps[1].role", html);
        Assert.Contains("aria-describedby=\"definition-error\"", html);
        Assert.Contains("\"kind\":\"sing\"", html); // the posted text is kept for fixing

        // A catalogue editor of the department sees the process but is offered no editor, and a post is refused.
        var editor = await CaseKit.StaffAsync(app, StaffRoles.CatalogEditor, "ga");
        Assert.DoesNotContain("<textarea id=\"definition\"", await HtmlAsync(await editor.GetAsync(page)));
        var token = await OneWindowApp.AntiforgeryTokenAsync(editor, page);
        var forbidden = await editor.PostAsync(page, new FormUrlEncodedContent([new("__RequestVerificationToken", token), F("Definition", "{}")]));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var valid = """{"steps":[{"key":"review","name":"审查","kind":"review","role":"reviewer"},{"key":"decide","name":"决定","kind":"decide","role":"reviewer"},{"key":"deliver","name":"送达","kind":"deliver","role":"window_officer"}]}""";
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, page, page, [F("Definition", valid)])).StatusCode);
        Assert.Contains("已保存", await HtmlAsync(await admin.GetAsync(page)));
    }

    [Fact]
    public async Task The_form_page_shows_errors_and_previews_the_saved_form()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 4);
        var editor = await CaseKit.StaffAsync(app, StaffRoles.CatalogEditor, "ga");
        var page = $"/admin/cases/items/{item.Id}/form";
        var html = await HtmlAsync(await editor.GetAsync(page));
        Assert.Contains("id=\"preview-contactPhone\"", html);

        var bad = await PostFormAsync(editor, page, page, [F("Definition", """{"sections":[{"title":"","fields":[{"key":"1x","label":"甲","type":"colour"}]}]}""")]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await HtmlAsync(bad);
        Assert.Contains("sections[0].title", errors);
        Assert.Contains("sections[0].fields[0].key", errors);
        Assert.Contains("sections[0].fields[0].type", errors);
    }

    [Fact]
    public async Task The_inbox_filters_by_mine_unclaimed_and_warnings_and_claims_from_the_row()
    {
        var app = await App();
        var (id, number) = await SubmittedCaseAsync(app);
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(window, id, "Accept", F("Revision", await CaseKit.RevisionAsync(window, id)))).StatusCode);
        var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");

        var row = await FindInPagesAsync(reviewer, "/admin/cases?filter=all", number);
        Assert.NotNull(row);
        Assert.Contains("审查", row);
        Assert.Contains("签收", row);
        Assert.NotNull(await FindInPagesAsync(reviewer, "/admin/cases?filter=unclaimed", number));
        Assert.Null(await FindInPagesAsync(reviewer, "/admin/cases?filter=mine", number));
        Assert.Null(await FindInPagesAsync(reviewer, "/admin/cases?filter=warnings", number)); // accepted today: far from the deadline

        var taskId = await app.QueryAsync<CasesDbContext, long>(db => db.Tasks.Where(t => t.CaseId == id && t.State == "open").Select(t => t.Id).SingleAsync());
        var claimed = await PostFormAsync(reviewer, "/admin/cases", "/admin/cases?handler=Claim", [F("taskId", taskId), F("filter", "unclaimed")]);
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        Assert.Equal("/admin/cases?filter=unclaimed", claimed.Headers.Location!.OriginalString);
        var mine = await FindInPagesAsync(reviewer, "/admin/cases?filter=mine", number);
        Assert.NotNull(mine);
        Assert.Contains("<strong>我</strong>", mine);
        Assert.Null(await FindInPagesAsync(reviewer, "/admin/cases?filter=unclaimed", number));

        // Another reviewer sees it claimed, and a claim by hand is refused with the reason.
        var other = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        var again = await PostFormAsync(other, "/admin/cases", "/admin/cases?handler=Claim", [F("taskId", taskId), F("filter", "all")]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("已由", await HtmlAsync(again));
    }
}

[Trait("Database", "Sqlite")]
public sealed class CaseStaffPagesTestsOnSqlite() : CaseStaffPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CaseStaffPagesTestsOnPostgres() : CaseStaffPagesTests(DbKind.Postgres);
