using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>改革成效 computed from known cases in an app of their own (no other test's cases): materials asked vs
/// provided by data (proof rows inserted directly, as the proving feature lives on another branch) vs commitments,
/// visits (零跑动 / 最多跑一次), fully online decisions, and the scope of supervisors and department admins.</summary>
public abstract class FigureTests(DbKind kind)
{
    private static readonly AppPerDatabase Apps = new();

    private Task<OneWindowApp> App() => Apps.GetAsync(kind);

    [Fact]
    public async Task Figures_count_materials_visits_and_online_decisions_within_the_callers_scope()
    {
        var app = await App();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var online = (await CaseKit.ApplyAsync(applicant, item, delivery: "electronic"))["id"]!.GetValue<long>();
        var pickup = (await CaseKit.ApplyAsync(applicant, item, delivery: "pickup"))["id"]!.GetValue<long>();
        var posted = (await CaseKit.ApplyAsync(applicant, item, delivery: "post"))["id"]!.GetValue<long>();

        var materials = RequiredMaterial.ListFrom(await app.QueryAsync<CasesDbContext, string>(db => db.Cases.Where(c => c.Id == online).Select(c => c.MaterialsJson).SingleAsync()));
        var required = materials.Select((m, i) => (m, i)).Where(x => x.m.Required).ToList();
        var paper = required.Where(x => !x.m.Uploadable).Select(x => x.i).ToList();
        var uploaded = required.Where(x => x.m.Uploadable).Select(x => x.i).ToList();
        // The online case: every required material proven by data (licence for paper ones, registry for the first upload).
        var proofs = paper.Select(i => (online, i, ProofKinds.Licence)).Append((online, uploaded[0], ProofKinds.Registry))
            // The posted case: one commitment (告知承诺) for the first required material.
            .Append((posted, required[0].i, ProofKinds.Commitment)).ToList();
        await app.QueryAsync<CasesDbContext, int>(async db =>
        {
            foreach (var (caseId, index, proofKind) in proofs)
            {
                db.Proofs.Add(new CaseProof { CaseId = caseId, MaterialIndex = index, Kind = proofKind, SourceName = "测试数据源", VerifiedStatus = "valid", VerifiedAt = DateTimeOffset.UtcNow });
            }

            return await db.SaveChangesAsync();
        });

        // Decide the online case.
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{online}/accept", new { revision = await CaseKit.RevisionAsync(window, online) })).IsSuccessStatusCode);
        var review = (await CaseKit.OpenTasksAsync(reviewer, online)).Single();
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{review["id"]}/complete", new { outcome = "approve", opinion = "可" })).IsSuccessStatusCode);
        var decide = (await CaseKit.OpenTasksAsync(reviewer, online)).Single();
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{decide["id"]}/decide", new { decision = "approve", reason = "符合条件" })).IsSuccessStatusCode);

        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var report = await Json.GetAsync(admin, "/api/v1/cases/figures");
        var overall = report["overall"]!;
        Assert.Equal(3, overall["cases"]!.GetValue<int>());
        Assert.Equal(3 * required.Count, overall["materialsAsked"]!.GetValue<int>());
        Assert.Equal(paper.Count + 1, overall["providedByData"]!.GetValue<int>());
        Assert.Equal(1, overall["commitments"]!.GetValue<int>());
        // Online: 0 visits. Pickup: +1 for pickup, +1 if paper must be brought. Post: +1 only if paper must be brought
        // (the commitment covers the first required material only).
        var pickupVisits = 1 + (paper.Count > 0 ? 1 : 0);
        var postVisits = paper.Any(i => i != required[0].i) ? 1 : 0;
        var visits = new[] { 0, pickupVisits, postVisits };
        Assert.Equal(visits.Count(v => v == 0), overall["zeroVisits"]!.GetValue<int>());
        Assert.Equal(visits.Count(v => v == 1), overall["oneVisit"]!.GetValue<int>());
        Assert.Equal(visits.Count(v => v > 1), overall["moreVisits"]!.GetValue<int>());
        Assert.Equal(1, overall["decided"]!.GetValue<int>());
        Assert.Equal(1, overall["decidedOnline"]!.GetValue<int>());
        var row = Assert.Single(report["items"]!.AsArray());
        Assert.Equal(item.Id, row!["itemId"]!.GetValue<long>());
        Assert.Equal(3, row["cases"]!.GetValue<int>());

        // Scope: the city's supervisor sees them, a district supervisor (蜀山区; the items are the city's) and another department's admin see none.
        var supervisor = (await app.SignInStaffAsync([StaffRoles.Supervisor], "ga", "340100")).Client;
        Assert.Equal(3, (await Json.GetAsync(supervisor, "/api/v1/cases/figures"))["overall"]!["cases"]!.GetValue<int>());
        var elsewhere = (await app.SignInStaffAsync([StaffRoles.Supervisor], "ga", "340104")).Client;
        Assert.Equal(0, (await Json.GetAsync(elsewhere, "/api/v1/cases/figures"))["overall"]!["cases"]!.GetValue<int>());
        var sfAdmin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "sf");
        Assert.Equal(0, (await Json.GetAsync(sfAdmin, "/api/v1/cases/figures"))["overall"]!["cases"]!.GetValue<int>());
        await Json.ProblemAsync(await window.GetAsync("/api/v1/cases/figures"), 403);
        await Json.ProblemAsync(await applicant.GetAsync("/api/v1/cases/figures"), 403);

        // A range before the cases: none; bad dates are refused per field.
        Assert.Equal(0, (await Json.GetAsync(admin, "/api/v1/cases/figures?from=2020-01-01&to=2020-01-31"))["overall"]!["cases"]!.GetValue<int>());
        Assert.NotNull((await Json.ProblemAsync(await admin.GetAsync("/api/v1/cases/figures?from=2026-13-01"), 400))["errors"]!["from"]);
        Assert.NotNull((await Json.ProblemAsync(await admin.GetAsync("/api/v1/cases/figures?from=2026-02-01&to=2026-01-01"), 400))["errors"]!["from"]);

        // The page: bars and the same numbers in a table.
        var page = await admin.GetStringAsync("/admin/figures");
        Assert.Contains("id=\"figures\"", page);
        Assert.Contains("<svg class=\"bar\"", page);
        Assert.Contains(item.Name, page);
        var badPage = await admin.GetAsync("/admin/figures?From=nonsense");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Contains("id=\"from-error\"", await badPage.Content.ReadAsStringAsync());
    }
}

[Trait("Database", "Sqlite")]
public sealed class FigureTestsOnSqlite() : FigureTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class FigureTestsOnPostgres() : FigureTests(DbKind.Postgres);
