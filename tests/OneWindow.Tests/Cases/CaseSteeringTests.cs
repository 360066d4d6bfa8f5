using System.Net;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>Moving work around inside a department — assign, send back, internal comments — and a suspended item.</summary>
public abstract class CaseSteeringTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task The_admin_assigns_a_handler_can_send_back_and_comments_stay_internal()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var id = (await CaseKit.ApplyAsync(applicant, item))["id"]!.GetValue<long>();
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) })).IsSuccessStatusCode);

        var reviewer = await app.SignInStaffAsync([StaffRoles.Reviewer], "ga");
        var colleague = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var review = (await CaseKit.OpenTasksAsync(admin, id)).Single()["id"]!.GetValue<long>();
        // Only the department admin assigns.
        await Json.ProblemAsync(await CaseKit.ActAsync(colleague, $"/api/v1/cases/tasks/{review}/assign", new { assigneeSubject = "staff:" + reviewer.StaffId, assigneeName = "审查员" }), 403);
        var assigned = await CaseKit.ActAsync(admin, $"/api/v1/cases/tasks/{review}/assign", new { assigneeSubject = "staff:" + reviewer.StaffId, assigneeName = "审查员" });
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        await Json.ProblemAsync(await CaseKit.ActAsync(colleague, $"/api/v1/cases/tasks/{review}/complete", new { outcome = "approve" }), 409);
        Assert.Contains((await Json.GetAsync(reviewer.Client, "/api/v1/cases/inbox?filter=mine"))["items"]!.AsArray(), r => r!["taskId"]!.GetValue<long>() == review);
        Assert.True((await CaseKit.ActAsync(reviewer.Client, $"/api/v1/cases/tasks/{review}/complete", new { outcome = "approve", opinion = "同意" })).IsSuccessStatusCode);

        // At the decision the reviewer sends the case back to the review step with a reason.
        var decide = (await CaseKit.OpenTasksAsync(admin, id)).Single()["id"]!.GetValue<long>();
        await Json.ProblemAsync(await CaseKit.ActAsync(reviewer.Client, $"/api/v1/cases/tasks/{decide}/return", new { toStep = 0 }), 400);
        await Json.ProblemAsync(await CaseKit.ActAsync(reviewer.Client, $"/api/v1/cases/tasks/{decide}/return", new { toStep = 1, reason = "同一环节" }), 400);
        Assert.True((await CaseKit.ActAsync(reviewer.Client, $"/api/v1/cases/tasks/{decide}/return", new { toStep = 0, reason = "请核实照片" })).IsSuccessStatusCode);
        var reopened = (await CaseKit.OpenTasksAsync(admin, id)).Single();
        Assert.Equal(0, reopened["stepIndex"]!.GetValue<int>());
        Assert.Equal(0, (await CaseKit.CaseAsync(admin, id))["stepIndex"]!.GetValue<int>());

        // Internal comments: staff see them, the applicant and the public progress do not.
        Assert.True((await CaseKit.ActAsync(reviewer.Client, $"/api/v1/cases/{id}/comments", new { text = "内部：照片疑似翻拍" })).IsSuccessStatusCode);
        await Json.ProblemAsync(await CaseKit.ActAsync(reviewer.Client, $"/api/v1/cases/{id}/comments", new { text = "" }), 400);
        Assert.Contains((await CaseKit.CaseAsync(admin, id))["history"]!.AsArray(), h => h!["action"]!.GetValue<string>() == "comment");
        var seenByApplicant = (await CaseKit.CaseAsync(applicant, id))["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("comment", seenByApplicant);
        Assert.DoesNotContain("returned", seenByApplicant);
        Assert.DoesNotContain("assigned", seenByApplicant);
    }

    [Fact]
    public async Task A_suspended_item_takes_no_applications_and_a_suspended_draft_cannot_be_submitted()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", -1);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var draft = await Json.PostAsync(applicant, "/api/v1/cases/drafts", new { itemId = item.Id });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var draftId = (await Json.ReadAsync(draft))["id"]!.GetValue<long>();

        var editor = await app.SignedInAsync("editor", "ga");
        var suspended = await Json.PostAsync(editor, $"/api/v1/catalog/items/{item.Id}/suspend", new { reason = "系统升级暂停受理" });
        Assert.True(suspended.IsSuccessStatusCode, await suspended.Content.ReadAsStringAsync());
        try
        {
            await Json.ProblemAsync(await CaseKit.PostApplicationAsync(applicant, item, Guid.NewGuid().ToString("N")), 409);
            await Json.ProblemAsync(await Json.PostAsync(applicant, "/api/v1/cases/drafts", new { itemId = item.Id }), 409);
            await Json.ProblemAsync(await Json.PostAsync(applicant, $"/api/v1/cases/{draftId}/submit", new { }), 409);
            var mine = (await Json.GetAsync(applicant, "/api/v1/cases/mine"))["items"]!.AsArray();
            Assert.Single(mine); // the draft only
            Assert.Equal(0, mine[0]!["status"]!.GetValue<int>());
        }
        finally
        {
            Assert.True((await Json.PostAsync(editor, $"/api/v1/catalog/items/{item.Id}/resume", new { })).IsSuccessStatusCode);
        }

    }
}

[Trait("Database", "Sqlite")]
public sealed class CaseSteeringTestsOnSqlite() : CaseSteeringTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CaseSteeringTestsOnPostgres() : CaseSteeringTests(DbKind.Postgres);
