using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>A case from the applicant's submission through the acceptance desk, corrections, parallel approval,
/// decision and delivery to 办结, through the real API on each database.</summary>
public abstract class CaseFlowTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_retried_submission_returns_the_same_case_and_progress_needs_the_right_code()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var key = Guid.NewGuid().ToString("N");
        var first = await CaseKit.PostApplicationAsync(applicant, item, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await Json.ReadAsync(first);
        var again = await CaseKit.PostApplicationAsync(applicant, item, key);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await Json.ReadAsync(again);
        Assert.Equal(created["id"]!.GetValue<long>(), replayed["id"]!.GetValue<long>());
        var number = created["number"]!.GetValue<string>();
        Assert.Equal(1, await app.QueryAsync<CasesDbContext, int>(db => db.Cases.CountAsync(c => c.Number == number)));

        var anonymous = app.Anonymous();
        var progress = await Json.GetAsync(anonymous, $"/api/v1/cases/progress?number={number}&code={created["queryCode"]}");
        Assert.Equal(number, progress["number"]!.GetValue<string>());
        Assert.Equal(1, progress["statusCode"]!.GetValue<int>());
        Assert.Equal("submitted", progress["steps"]![0]!["action"]!.GetValue<string>());

        var wrongCode = await Json.ProblemAsync(await anonymous.GetAsync($"/api/v1/cases/progress?number={number}&code=AAAAAAAA"), 404);
        var unknown = await Json.ProblemAsync(await anonymous.GetAsync("/api/v1/cases/progress?number=340100202601010999999999&code=AAAAAAAA"), 404);
        Assert.Equal(wrongCode["title"]!.GetValue<string>(), unknown["title"]!.GetValue<string>());
        Assert.Equal(wrongCode["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_applications_are_refused_with_field_errors_and_leave_nothing_behind()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (citizen, applicant) = await CaseKit.ApplicantAsync(app);

        var noMaterials = await Json.ProblemAsync(await CaseKit.PostApplicationAsync(applicant, item, "k1", withMaterials: false), 400);
        Assert.NotNull(noMaterials["errors"]![$"materials[{item.RequiredUploads[0]}]"]);

        var noKey = await Json.ProblemAsync(await Json.PostAsync(applicant, "/api/v1/cases", new { itemId = item.Id }), 400);
        Assert.NotNull(noKey["errors"]!["Idempotency-Key"]);

        var unknownItem = item with { Id = 999_999_999 };
        await Json.ProblemAsync(await CaseKit.PostApplicationAsync(applicant, unknownItem, "k2", withMaterials: false), 404);

        var postWithoutAddress = await CaseKit.PostApplicationAsync(applicant, item, "k3", delivery: "post");
        Assert.Equal(HttpStatusCode.Created, postWithoutAddress.StatusCode); // the kit fills the address for post

        // Someone else's file cannot be attached.
        var (_, other) = await CaseKit.ApplicantAsync(app);
        var foreignFile = await CaseKit.UploadAsync(other, CaseKit.Pdf("foreign"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                itemId = item.Id,
                answers = new Dictionary<string, string> { ["contactPhone"] = "13912345678" },
                materials = item.RequiredUploads.Select(i => new { materialIndex = i, fileId = foreignFile }).ToList(),
            }, options: Json.Options),
        };
        request.Headers.Add("Idempotency-Key", "k4");
        var foreign = await Json.ProblemAsync(await applicant.SendAsync(request), 400);
        Assert.NotNull(foreign["errors"]!["materials[0].fileId"]);

        var subject = citizen.Subject;
        Assert.Equal(1, await app.QueryAsync<CasesDbContext, int>(db => db.Cases.CountAsync(c => c.ApplicantSubject == subject)));
    }

    [Fact]
    public async Task Correction_then_parallel_approval_then_decision_and_delivery_closes_the_case()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 1);
        var ga = await CaseKit.DepartmentIdAsync(app, "ga");
        var sf = await CaseKit.DepartmentIdAsync(app, "sf");
        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var process = new
        {
            definition = new
            {
                steps = new object[]
                {
                    new { key = "joint", name = "联合审查", kind = "review", role = "reviewer", departmentIds = new[] { ga, sf } },
                    new { key = "decide", name = "决定", kind = "decide", role = "reviewer", departmentIds = Array.Empty<long>() },
                    new { key = "deliver", name = "送达", kind = "deliver", role = "window_officer", departmentIds = Array.Empty<long>() },
                },
            },
        };
        var saved = await admin.PutAsync($"/api/v1/cases/items/{item.Id}/process", System.Net.Http.Json.JsonContent.Create(process, options: Json.Options));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());

        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var submitted = await CaseKit.ApplyAsync(applicant, item, delivery: "post");
        var id = submitted["id"]!.GetValue<long>();

        // 一次性告知: two points at once.
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var correction = await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/request-correction", new
        {
            revision = await CaseKit.RevisionAsync(window, id),
            points = new object[]
            {
                new { materialIndex = item.RequiredUploads[0], problem = "照片不清晰，请重新上传" },
                new { fieldKey = "contactPhone", problem = "请核对联系电话" },
            },
        });
        Assert.True(correction.IsSuccessStatusCode, await correction.Content.ReadAsStringAsync());
        var seen = await CaseKit.CaseAsync(applicant, id);
        Assert.Equal(6, seen["statusCode"]!.GetValue<int>());

        // The applicant replaces the material, fixes the phone and answers the notice.
        var oldMaterial = seen["materials"]!.AsArray().First(m => m!["materialIndex"]!.GetValue<int>() == item.RequiredUploads[0])!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.DeleteAsync($"/api/v1/cases/{id}/materials/{oldMaterial}")).StatusCode);
        var newFile = await CaseKit.UploadAsync(applicant, CaseKit.Pdf("clear photo"));
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(applicant, $"/api/v1/cases/{id}/materials", new { materialIndex = item.RequiredUploads[0], fileId = newFile, note = "重新扫描" })).StatusCode);
        var put = await applicant.PutAsync($"/api/v1/cases/{id}/draft", System.Net.Http.Json.JsonContent.Create(new { answers = new Dictionary<string, string> { ["contactPhone"] = "13800001111" } }, options: Json.Options));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var answered = await Json.PostAsync(applicant, $"/api/v1/cases/{id}/correction", new { });
        Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        var corrected = await CaseKit.CaseAsync(applicant, id);
        Assert.Equal(7, corrected["statusCode"]!.GetValue<int>());
        Assert.Contains(corrected["materials"]!.AsArray(), m => m!["id"]!.GetValue<long>() == oldMaterial && m["superseded"]!.GetValue<bool>());

        // Accepted: the joint review step fans out to 公安局 and 司法局.
        var accept = await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) });
        Assert.True(accept.IsSuccessStatusCode, await accept.Content.ReadAsStringAsync());
        var gaReviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        var sfReviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "sf");
        var tasks = await CaseKit.OpenTasksAsync(gaReviewer, id);
        Assert.Equal(new[] { ga, sf }.Order(), tasks.Select(t => t["departmentId"]!.GetValue<long>()).Order());
        var inbox = await Json.GetAsync(sfReviewer, "/api/v1/cases/inbox");
        var sfTask = inbox["items"]!.AsArray().Single(t => t!["caseId"]!.GetValue<long>() == id)!["taskId"]!.GetValue<long>();
        var gaTask = tasks.Single(t => t["departmentId"]!.GetValue<long>() == ga)["id"]!.GetValue<long>();

        Assert.True((await CaseKit.ActAsync(gaReviewer, $"/api/v1/cases/tasks/{gaTask}/complete", new { outcome = "approve", opinion = "材料齐全" })).IsSuccessStatusCode);
        Assert.Equal(0, (await CaseKit.CaseAsync(gaReviewer, id))["stepIndex"]!.GetValue<int>()); // still waiting for 司法局
        Assert.True((await CaseKit.ActAsync(sfReviewer, $"/api/v1/cases/tasks/{sfTask}/complete", new { outcome = "approve", opinion = "无异议" })).IsSuccessStatusCode);

        var decideTask = (await CaseKit.OpenTasksAsync(gaReviewer, id)).Single();
        Assert.Equal("decide", decideTask["stepKind"]!.GetValue<string>());
        var decided = await CaseKit.ActAsync(gaReviewer, $"/api/v1/cases/tasks/{decideTask["id"]}/decide", new { decision = "approve", reason = "符合法定条件" });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
        // Deciding twice is refused and changes nothing.
        var historyBefore = await CaseKit.HistoryCountAsync(app, id);
        await Json.ProblemAsync(await CaseKit.ActAsync(gaReviewer, $"/api/v1/cases/tasks/{decideTask["id"]}/decide", new { decision = "refuse", reason = "x" }), 409);
        Assert.Equal(historyBefore, await CaseKit.HistoryCountAsync(app, id));

        var deliverTask = (await CaseKit.OpenTasksAsync(window, id)).Single();
        await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliverTask["id"]}/deliver", new { }), 400); // post needs a tracking number
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliverTask["id"]}/deliver", new { trackingNumber = "SF1234567890" })).IsSuccessStatusCode);

        var closed = await CaseKit.CaseAsync(applicant, id);
        Assert.Equal(11, closed["statusCode"]!.GetValue<int>());
        Assert.Equal("approve", closed["decision"]!.GetValue<string>());
        Assert.Equal("SF1234567890", closed["trackingNumber"]!.GetValue<string>());
        var actions = closed["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["submitted", "correction_requested", "corrected", "accepted", "step_started", "step_approved", "step_approved", "step_started", "decided_approve", "step_started", "delivered", "closed"], actions);
        var notifications = await Json.GetAsync(applicant, "/api/v1/cases/notifications");
        Assert.True(notifications.AsArray().Count >= 5);
        // Staff also see one internal line: the item's result licence needs data its form does not collect, so the
        // issuing department completes it (licence_pending) — the applicant's history above does not show it.
        var staffActions = (await CaseKit.CaseAsync(window, id))["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(actions.Append("licence_pending").Order(), staffActions.Order());
        Assert.Equal(13, await CaseKit.HistoryCountAsync(app, id));
        var audited = await app.QueryAsync<CasesDbContext, int>(db => db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE target_type = 'case' AND target_id = {closed["number"]!.GetValue<string>()}").SingleAsync());
        Assert.Equal(8, audited); // submitted, correction requested, corrected, accepted, two step results, decided, delivered
    }
}

[Trait("Database", "Sqlite")]
public sealed class CaseFlowTestsOnSqlite() : CaseFlowTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CaseFlowTestsOnPostgres() : CaseFlowTests(DbKind.Postgres);
