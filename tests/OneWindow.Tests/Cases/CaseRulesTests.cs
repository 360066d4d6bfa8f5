using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;

namespace OneWindow.Tests.Cases;

/// <summary>What must be refused — another department's case, a withdrawn case, a stale form, a suspended item — and
/// that a refusal leaves the case's history and the outbox as they were; parallel approval with one refusal; a
/// department business system pulling and completing its tasks with a client token.</summary>
public abstract class CaseRulesTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    private static Task<int> OutboxCountAsync(OneWindowApp app, string number) =>
        app.QueryAsync<CasesDbContext, int>(db => db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM integration_outbox WHERE subject = {number}").SingleAsync());

    [Fact]
    public async Task Another_departments_staff_cannot_see_or_act_and_nothing_changes()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var submitted = await CaseKit.ApplyAsync(applicant, item);
        var id = submitted["id"]!.GetValue<long>();
        var number = submitted["number"]!.GetValue<string>();
        var history = await CaseKit.HistoryCountAsync(app, id);
        var outbox = await OutboxCountAsync(app, number);
        Assert.Equal(1, outbox);

        var otherWindow = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "zj");
        await Json.ProblemAsync(await otherWindow.GetAsync($"/api/v1/cases/{id}"), 404);
        await Json.ProblemAsync(await CaseKit.ActAsync(otherWindow, $"/api/v1/cases/{id}/accept", new { revision = 1 }), 404);
        await Json.ProblemAsync(await CaseKit.ActAsync(otherWindow, $"/api/v1/cases/{id}/request-correction", new { revision = 1, points = new[] { new { problem = "x" } } }), 404);

        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var revision = await CaseKit.RevisionAsync(window, id);
        // A reviewer of the right department is not the acceptance desk.
        var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        await Json.ProblemAsync(await CaseKit.ActAsync(reviewer, $"/api/v1/cases/{id}/accept", new { revision }), 403);
        // A stale form is refused.
        await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = revision - 1 }), 409);
        // The applicant is not staff.
        await Json.ProblemAsync(await CaseKit.ActAsync(applicant, $"/api/v1/cases/{id}/accept", new { revision }), 403);
        Assert.Equal(history, await CaseKit.HistoryCountAsync(app, id));
        Assert.Equal(outbox, await OutboxCountAsync(app, number));

        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision })).IsSuccessStatusCode);
        var task = (await CaseKit.OpenTasksAsync(reviewer, id)).Single()["id"]!.GetValue<long>();
        var otherReviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "zj");
        await Json.ProblemAsync(await CaseKit.ActAsync(otherReviewer, $"/api/v1/cases/tasks/{task}/complete", new { outcome = "approve" }), 404);
        await Json.ProblemAsync(await CaseKit.ActAsync(otherReviewer, $"/api/v1/cases/tasks/{task}/claim", new { }), 404);
        Assert.DoesNotContain((await Json.GetAsync(otherReviewer, "/api/v1/cases/inbox"))["items"]!.AsArray(), r => r!["caseId"]!.GetValue<long>() == id);
        // Someone else's claim blocks a colleague until reassigned.
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{task}/claim", new { })).IsSuccessStatusCode);
        var colleague = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        await Json.ProblemAsync(await CaseKit.ActAsync(colleague, $"/api/v1/cases/tasks/{task}/complete", new { outcome = "approve" }), 409);
        var mine = (await Json.GetAsync(reviewer, "/api/v1/cases/inbox?filter=mine"))["items"]!.AsArray();
        Assert.Contains(mine, r => r!["taskId"]!.GetValue<long>() == task);
    }

    [Fact]
    public async Task A_withdrawn_case_takes_no_more_actions()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var submitted = await CaseKit.ApplyAsync(applicant, item);
        var id = submitted["id"]!.GetValue<long>();
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var revision = await CaseKit.RevisionAsync(window, id);

        Assert.True((await Json.PostAsync(applicant, $"/api/v1/cases/{id}/withdraw", new { reason = "不需要了" })).IsSuccessStatusCode);
        var history = await CaseKit.HistoryCountAsync(app, id);
        var withdrawn = await CaseKit.CaseAsync(applicant, id);
        Assert.Equal(2, withdrawn["statusCode"]!.GetValue<int>());

        await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = withdrawn["revision"]!.GetValue<int>() }), 409);
        await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision }), 409);
        await Json.ProblemAsync(await Json.PostAsync(applicant, $"/api/v1/cases/{id}/withdraw", new { }), 409);
        Assert.Equal(history, await CaseKit.HistoryCountAsync(app, id));
        var progress = await Json.GetAsync(app.Anonymous(), $"/api/v1/cases/progress?number={submitted["number"]}&code={submitted["queryCode"]}");
        Assert.Equal(2, progress["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Parallel_approval_stops_at_the_first_refusal_and_the_refusal_is_delivered()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 2);
        var ga = await CaseKit.DepartmentIdAsync(app, "ga");
        var sf = await CaseKit.DepartmentIdAsync(app, "sf");
        var zj = await CaseKit.DepartmentIdAsync(app, "zj");
        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var saved = await admin.PutAsync($"/api/v1/cases/items/{item.Id}/process", System.Net.Http.Json.JsonContent.Create(new
        {
            definition = new
            {
                steps = new object[]
                {
                    new { key = "joint", name = "联合审查", kind = "review", role = "reviewer", departmentIds = new[] { ga, sf, zj } },
                    new { key = "decide", name = "决定", kind = "decide", role = "reviewer" },
                    new { key = "certify", name = "制证", kind = "certify", role = "window_officer" },
                    new { key = "deliver", name = "送达", kind = "deliver", role = "window_officer" },
                },
            },
        }, options: Json.Options));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        // A process without a decision is refused with the reason next to the field.
        var broken = await admin.PutAsync($"/api/v1/cases/items/{item.Id}/process", System.Net.Http.Json.JsonContent.Create(new
        {
            definition = new { steps = new object[] { new { key = "a", name = "审查", kind = "review", role = "reviewer" } } },
        }, options: Json.Options));
        Assert.Contains("决定环节", (await Json.ProblemAsync(broken, 400))["errors"]!["process"]![0]!.GetValue<string>());
        // Only the department admin configures the process.
        var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        await Json.ProblemAsync(await reviewer.PutAsync($"/api/v1/cases/items/{item.Id}/process", System.Net.Http.Json.JsonContent.Create(new { definition = new { steps = Array.Empty<object>() } }, options: Json.Options)), 403);

        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var id = (await CaseKit.ApplyAsync(applicant, item))["id"]!.GetValue<long>();
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) })).IsSuccessStatusCode);

        var sfReviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "sf");
        var tasks = await CaseKit.OpenTasksAsync(reviewer, id);
        Assert.Equal(3, tasks.Count);
        var sfTask = tasks.Single(t => t["departmentId"]!.GetValue<long>() == sf)["id"]!.GetValue<long>();
        await Json.ProblemAsync(await CaseKit.ActAsync(sfReviewer, $"/api/v1/cases/tasks/{sfTask}/complete", new { outcome = "refuse" }), 400); // a refusal needs an opinion
        Assert.True((await CaseKit.ActAsync(sfReviewer, $"/api/v1/cases/tasks/{sfTask}/complete", new { outcome = "refuse", opinion = "不符合法定条件" })).IsSuccessStatusCode);

        var staffView = await CaseKit.CaseAsync(reviewer, id);
        var byState = staffView["tasks"]!.AsArray().Where(t => t!["stepIndex"]!.GetValue<int>() == 0).GroupBy(t => t!["state"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, byState["done"]);
        Assert.Equal(2, byState["cancelled"]);
        var decide = (await CaseKit.OpenTasksAsync(reviewer, id)).Single();
        Assert.Equal("decide", decide["stepKind"]!.GetValue<string>());
        await Json.ProblemAsync(await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{decide["id"]}/decide", new { decision = "refuse" }), 400); // reason required
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{decide["id"]}/decide", new { decision = "refuse", reason = "司法局审查不通过" })).IsSuccessStatusCode);

        // The refusal skips 制证 and goes to delivery.
        var deliver = (await CaseKit.OpenTasksAsync(window, id)).Single();
        Assert.Equal("deliver", deliver["stepKind"]!.GetValue<string>());
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliver["id"]}/deliver", new { })).IsSuccessStatusCode);
        var closed = await CaseKit.CaseAsync(applicant, id);
        Assert.Equal(13, closed["statusCode"]!.GetValue<int>());
        Assert.Contains("行政复议", closed["decisionRemedy"]!.GetValue<string>());
        Assert.Empty(closed["tasks"]!.AsArray()); // the applicant does not see internal tasks
    }

    [Fact]
    public async Task A_department_system_pulls_its_tasks_and_posts_results_with_a_client_token()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var id = (await CaseKit.ApplyAsync(applicant, item))["id"]!.GetValue<long>();
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) })).IsSuccessStatusCode);

        var ga = await CaseKit.DepartmentIdAsync(app, "ga");
        var zj = await CaseKit.DepartmentIdAsync(app, "zj");
        var system = app.Anonymous();
        var registered = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [OidcScopes.CasesRead, OidcScopes.CasesWrite], departmentId: ga);
        system.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await OidcTestKit.ClientTokenAsync(system, registered.Client.ClientId, registered.Secret, "cases.read cases.write"));
        var task = (await Json.GetAsync(system, "/api/v1/cases/inbox"))["items"]!.AsArray().Single(r => r!["caseId"]!.GetValue<long>() == id)!["taskId"]!.GetValue<long>();
        var done = await CaseKit.ActAsync(system, $"/api/v1/cases/tasks/{task}/complete", new { outcome = "approve", opinion = "业务系统审查通过" });
        Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        Assert.Equal("decide", (await CaseKit.OpenTasksAsync(window, id)).Single()["stepKind"]!.GetValue<string>());

        // A read-only token cannot act; another department's system sees nothing.
        var reader = app.Anonymous();
        var readOnly = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [OidcScopes.CasesRead], departmentId: ga);
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await OidcTestKit.ClientTokenAsync(reader, readOnly.Client.ClientId, readOnly.Secret, "cases.read"));
        var decideTask = (await CaseKit.OpenTasksAsync(window, id)).Single()["id"]!.GetValue<long>();
        // The scope stops it before the case is looked at: 403 insufficient_scope (a read token never writes).
        var refused = await CaseKit.ActAsync(reader, $"/api/v1/cases/tasks/{decideTask}/decide", new { decision = "approve" });
        Assert.Equal("platform.insufficient_scope", (await Json.ProblemAsync(refused, 403))["code"]!.GetValue<string>());
        Assert.Contains("insufficient_scope", refused.Headers.WwwAuthenticate.ToString());
        var other = app.Anonymous();
        var foreign = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [OidcScopes.CasesRead, OidcScopes.CasesWrite], departmentId: zj);
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await OidcTestKit.ClientTokenAsync(other, foreign.Client.ClientId, foreign.Secret, "cases.read cases.write"));
        await Json.ProblemAsync(await other.GetAsync($"/api/v1/cases/{id}"), 404);
        Assert.DoesNotContain((await Json.GetAsync(other, "/api/v1/cases/inbox"))["items"]!.AsArray(), r => r!["caseId"]!.GetValue<long>() == id);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CaseRulesTestsOnSqlite() : CaseRulesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CaseRulesTestsOnPostgres() : CaseRulesTests(DbKind.Postgres);
