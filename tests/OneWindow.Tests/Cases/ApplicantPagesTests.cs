using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>The applicant's pages (网上申报, 我的办件, 进度查询) through real HTTP with antiforgery tokens: drafts
/// started from the guide, every button saving the draft, uploads and library files, idempotent submission,
/// corrections, withdrawal, the public progress page and privacy of other people's cases.</summary>
public abstract class ApplicantPagesTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task The_guide_starts_a_draft_and_asks_visitors_to_sign_in_first()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);

        var anonymous = await CitizenKit.PostFormAsync(app.Anonymous(), $"/items/{item.Id}", [], handler: "Apply");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=", anonymous.Headers.Location!.OriginalString);

        var (_, client) = await CaseKit.ApplicantAsync(app);
        Assert.Contains("id=\"apply-online\"", await client.GetStringAsync($"/items/{item.Id}"));
        var id = await StartDraftAsync(client, item);
        var page = await client.GetStringAsync($"/apply/{id}");
        Assert.Contains("提交申请", page);
        Assert.Contains("保存草稿", page);
        Assert.Contains("id=\"material-" + item.RequiredUploads[0] + "\"", page);
        Assert.Equal(CaseStatus.Draft, await StatusAsync(app, id));
    }

    [Fact]
    public async Task Saving_keeps_the_answers_and_a_wrong_file_type_is_shown_next_to_its_material_with_the_draft_kept()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, client) = await CaseKit.ApplicantAsync(app);
        var id = await StartDraftAsync(client, item);

        var saved = await PostApplyAsync(client, id, new() { ["Answers[contactPhone]"] = "13912345678", ["Answers[remarks]"] = "第一次保存", ["DeliveryMethod"] = "pickup", ["Action"] = "save" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await client.GetStringAsync($"/apply/{id}");
        Assert.Contains("value=\"13912345678\"", page);
        Assert.Contains("第一次保存", page);

        var index = item.RequiredUploads[0];
        var wrong = await PostApplyAsync(client, id, new() { ["Answers[contactPhone]"] = "13912345678", ["Answers[remarks]"] = "上传之前改过", ["Action"] = $"upload:{index}" },
            (index, "notes.txt", Encoding.UTF8.GetBytes("just some text, not a document")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"material-{index}-error\"", html);
        Assert.Contains("上传之前改过", await AnswersAsync(app, id));
        Assert.Equal(0, await app.QueryAsync<CasesDbContext, int>(db => db.Materials.CountAsync(m => m.CaseId == id)));
        Assert.Equal(CaseStatus.Draft, await StatusAsync(app, id));
    }

    [Fact]
    public async Task A_missing_material_blocks_submission_next_to_the_field_and_a_library_file_can_be_reused()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, client) = await CaseKit.ApplicantAsync(app);
        var id = await StartDraftAsync(client, item);

        var refused = await PostApplyAsync(client, id, new() { ["Answers[remarks]"] = "先提交看看", ["Action"] = "submit" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        foreach (var index in item.RequiredUploads)
        {
            Assert.Contains($"id=\"material-{index}-error\"", html);
        }

        Assert.Contains("id=\"f-contactPhone-error\"", html);
        Assert.Equal(CaseStatus.Draft, await StatusAsync(app, id));
        Assert.Contains("先提交看看", await AnswersAsync(app, id));

        var fileId = await CaseKit.UploadAsync(client, CaseKit.Pdf(Guid.NewGuid().ToString()), "身份证.pdf");
        var first = item.RequiredUploads[0];
        var reused = await PostApplyAsync(client, id, new() { [$"LibraryFile[{first}]"] = fileId.ToString(), [$"Notes[{first}]"] = "正反面", ["Action"] = $"upload:{first}" });
        Assert.Equal(HttpStatusCode.Redirect, reused.StatusCode);
        var attached = await app.QueryAsync<CasesDbContext, List<CaseMaterial>>(db => db.Materials.Where(m => m.CaseId == id).ToListAsync());
        var material = Assert.Single(attached);
        Assert.Equal((first, fileId, "正反面"), (material.MaterialIndex, material.FileId, material.Note));
        Assert.Contains("身份证.pdf", await client.GetStringAsync($"/apply/{id}"));

        var removed = await PostApplyAsync(client, id, new() { ["Action"] = $"remove:{material.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, await app.QueryAsync<CasesDbContext, int>(db => db.Materials.CountAsync(m => m.CaseId == id)));
    }

    [Fact]
    public async Task Submitting_twice_makes_one_case_and_the_done_page_shows_its_number_and_query_code()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (citizen, client) = await CaseKit.ApplicantAsync(app);
        var id = await ReadyDraftAsync(client, item);

        var token = await OneWindowApp.AntiforgeryTokenAsync(client, $"/apply/{id}");
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Answers[contactPhone]"] = "13912345678", ["Action"] = "submit" };
        var first = await client.PostAsync($"/apply/{id}", new FormUrlEncodedContent(fields));
        var second = await client.PostAsync($"/apply/{id}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal($"/apply/{id}/done", first.Headers.Location!.OriginalString);
        Assert.Equal($"/apply/{id}/done", second.Headers.Location!.OriginalString);
        var cases = await app.QueryAsync<CasesDbContext, List<Case>>(db => db.Cases.Where(c => c.ApplicantSubject == citizen.Subject).ToListAsync());
        var submitted = Assert.Single(cases);
        Assert.Equal(CaseStatus.Submitted, submitted.Status);
        Assert.Equal(1, await app.QueryAsync<CasesDbContext, int>(db => db.History.CountAsync(h => h.CaseId == id && h.Action == "submitted")));

        var done = await client.GetStringAsync($"/apply/{id}/done");
        Assert.Contains(submitted.Number!, done);
        Assert.Contains(submitted.QueryCode!, done);
        Assert.Contains("<svg", done);

        var mine = await client.GetStringAsync("/account/cases");
        Assert.Contains($"/account/cases/{id}", mine);
        Assert.Contains("已提交，待受理", mine);
        Assert.Contains("id=\"unread-count\"", mine);
        var notifications = await client.GetStringAsync("/account/notifications");
        Assert.Contains(submitted.Number!, notifications);
        Assert.DoesNotContain("id=\"unread-count\"", await client.GetStringAsync("/account/cases"));
    }

    [Fact]
    public async Task Corrections_are_made_through_the_pages_and_the_notice_prints_for_the_owner_only()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, client) = await CaseKit.ApplicantAsync(app);
        var id = await SubmittedAsync(client, item);
        var index = item.RequiredUploads[0];

        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var correction = await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/request-correction", new
        {
            revision = await CaseKit.RevisionAsync(window, id),
            points = new object[] { new { materialIndex = index, problem = "照片不清晰，请重新上传" } },
        });
        Assert.True(correction.IsSuccessStatusCode, await correction.Content.ReadAsStringAsync());

        var show = await client.GetStringAsync($"/account/cases/{id}");
        Assert.Contains("id=\"correct-now\"", show);
        var form = await client.GetStringAsync($"/apply/{id}");
        Assert.Contains("提交补正", form);
        Assert.Contains("照片不清晰，请重新上传", form);

        var noticeId = await app.QueryAsync<CasesDbContext, long>(db => db.Notices.Where(n => n.CaseId == id && n.Kind == "correction").Select(n => n.Id).SingleAsync());
        var notice = await client.GetStringAsync($"/account/cases/{id}/notices/{noticeId}");
        Assert.Contains("补正材料通知书", notice);
        Assert.Contains("照片不清晰，请重新上传", notice);
        Assert.Contains("<svg", notice);

        var (_, stranger) = await CaseKit.ApplicantAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/account/cases/{id}/notices/{noticeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/account/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/apply/{id}")).StatusCode);

        var fileId = await CaseKit.UploadAsync(client, CaseKit.Pdf(Guid.NewGuid().ToString()), "清晰照片.pdf");
        var answered = await PostApplyAsync(client, id, new() { ["Answers[contactPhone]"] = "13912345678", [$"LibraryFile[{index}]"] = fileId.ToString(), ["Action"] = "submit" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal($"/account/cases/{id}?done=corrected", answered.Headers.Location!.OriginalString);
        Assert.Equal(CaseStatus.CorrectionEnded, await StatusAsync(app, id));
    }

    [Fact]
    public async Task The_applicant_withdraws_and_the_public_progress_needs_the_right_code_and_shows_no_personal_data()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (citizen, client) = await CaseKit.ApplicantAsync(app);
        var id = await SubmittedAsync(client, item);
        var c = await app.QueryAsync<CasesDbContext, Case>(db => db.Cases.SingleAsync(x => x.Id == id));

        var anonymous = app.Anonymous();
        var progress = await anonymous.GetAsync($"/progress?number={c.Number}&code={c.QueryCode}");
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        var html = await progress.Content.ReadAsStringAsync();
        Assert.Contains("id=\"progress-result\"", html);
        Assert.Contains("提交申请", html);
        Assert.DoesNotContain(citizen.Name, html);
        Assert.DoesNotContain("13912345678", html);

        var wrongCode = await anonymous.GetAsync($"/progress?number={c.Number}&code=AAAAAAAA");
        var unknown = await anonymous.GetAsync("/progress?number=340100202601010999999999&code=AAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ErrorText(await wrongCode.Content.ReadAsStringAsync()), ErrorText(await unknown.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("id=\"progress-result\"", await wrongCode.Content.ReadAsStringAsync());

        var withdrawn = await CitizenKit.PostFormAsync(client, $"/account/cases/{id}", new() { ["Reason"] = "不需要了" }, handler: "Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(CaseStatus.Withdrawn, await StatusAsync(app, id));
        var show = await client.GetStringAsync($"/account/cases/{id}");
        Assert.Contains("申请人撤回", show);
        Assert.DoesNotContain("id=\"withdraw-button\"", show);

        var again = await client.PostAsync($"/account/cases/{id}?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await OneWindowApp.AntiforgeryTokenAsync(client, $"/account/cases/{id}"),
        }));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static string ErrorText(string html)
    {
        var start = html.IndexOf("error-summary", StringComparison.Ordinal);
        Assert.True(start >= 0, "no error summary");
        return html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    private static async Task<long> StartDraftAsync(HttpClient client, TestItem item)
    {
        var response = await CitizenKit.PostFormAsync(client, $"/items/{item.Id}", [], handler: "Apply");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/apply/", location);
        return long.Parse(location["/apply/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A draft with the phone answered and a library PDF attached to every required material.</summary>
    private static async Task<long> ReadyDraftAsync(HttpClient client, TestItem item)
    {
        var id = await StartDraftAsync(client, item);
        var fields = new Dictionary<string, string> { ["Answers[contactPhone]"] = "13912345678", ["DeliveryMethod"] = "pickup", ["Action"] = "save" };
        foreach (var index in item.RequiredUploads)
        {
            fields[$"LibraryFile[{index}]"] = (await CaseKit.UploadAsync(client, CaseKit.Pdf(Guid.NewGuid().ToString()))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostApplyAsync(client, id, fields)).StatusCode);
        return id;
    }

    private static async Task<long> SubmittedAsync(HttpClient client, TestItem item)
    {
        var id = await ReadyDraftAsync(client, item);
        var response = await PostApplyAsync(client, id, new() { ["Answers[contactPhone]"] = "13912345678", ["Action"] = "submit" });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>Posts the application form as the browser does (multipart), with an optional file for one material.</summary>
    private static async Task<HttpResponseMessage> PostApplyAsync(HttpClient client, long id, Dictionary<string, string> fields, (int Index, string Name, byte[] Bytes)? file = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await OneWindowApp.AntiforgeryTokenAsync(client, $"/apply/{id}")), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "upload" + f.Index, f.Name);
        }

        return await client.PostAsync($"/apply/{id}", form);
    }

    private static Task<int> StatusAsync(OneWindowApp app, long id) =>
        app.QueryAsync<CasesDbContext, int>(db => db.Cases.Where(c => c.Id == id).Select(c => c.Status).SingleAsync());

    private static Task<string> AnswersAsync(OneWindowApp app, long id) =>
        app.QueryAsync<CasesDbContext, string>(db => db.Cases.Where(c => c.Id == id).Select(c => c.AnswersJson).SingleAsync());
}

[Trait("Database", "Sqlite")]
public sealed class ApplicantPagesTestsOnSqlite() : ApplicantPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ApplicantPagesTestsOnPostgres() : ApplicantPagesTests(DbKind.Postgres);
