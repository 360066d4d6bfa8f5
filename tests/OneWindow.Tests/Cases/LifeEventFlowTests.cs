using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>企业开办一件事 end to end through the real API: one application fans out into one case per department with
/// the facts mapped onto each item's own form and the shared material attached to every case that asks for it; each
/// department accepts and decides its case, the combined status follows, and the lead window delivers once.</summary>
public abstract class LifeEventFlowTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task One_application_becomes_one_case_per_department_decided_separately_and_delivered_once()
    {
        var app = await App();
        var anonymous = app.Anonymous();
        await LifeEventKit.SetCompanyFormsAsync(app, await LifeEventKit.PlanAsync(anonymous, LifeEventKit.Company));
        var plan = await LifeEventKit.PlanAsync(anonymous, LifeEventKit.Company);
        Assert.Null(plan["unavailable"]);
        Assert.Equal(3, plan["items"]!.AsArray().Count);
        // The merged form: the facts once, then each other item field once (经营范围, 发票种类), never 纳税人名称 (a fact fills it).
        var keys = plan["form"]!["sections"]!.AsArray().SelectMany(s => s!["fields"]!.AsArray()).Select(f => f!["key"]!.GetValue<string>()).ToList();
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Contains("businessScope", keys);
        Assert.Contains("invoiceType", keys);
        Assert.DoesNotContain("enterpriseName", keys);
        var licence = plan["materials"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "营业执照")!;
        Assert.Equal(2, licence["items"]!.AsArray().Count);

        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var materials = await LifeEventKit.UploadMaterialsAsync(applicant, plan, "营业执照");
        var created = await LifeEventKit.CreatedAsync(await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Company, LifeEventKit.CompanyAnswers(), materials, Guid.NewGuid().ToString("N")));
        var bundleId = created["id"]!.GetValue<long>();
        Assert.StartsWith("YJ", created["number"]!.GetValue<string>());
        Assert.Equal("in_process", created["overall"]!.GetValue<string>());
        var cases = created["cases"]!.AsArray();
        Assert.Equal(3, cases.Count);
        Assert.Equal(3, cases.Select(c => c!["departmentId"]!.GetValue<long>()).Distinct().Count());
        Assert.All(cases, c => Assert.Equal(1, c!["statusCode"]!.GetValue<int>()));

        // Mapped answers: each case in its own form's keys; the shared licence file on both cases that list it.
        var rows = await app.QueryAsync<CasesDbContext, List<(long Id, string Item, string Answers, string Delivery, int History, int Notes)>>(async db =>
            (await db.Cases.Where(c => c.BundleId == bundleId).OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.ItemName, c.AnswersJson, c.DeliveryMethod, History = db.History.Count(h => h.CaseId == c.Id), Notes = db.Notifications.Count(n => n.CaseId == c.Id) })
                .ToListAsync()).Select(x => (x.Id, x.ItemName, x.AnswersJson, x.DeliveryMethod, x.History, x.Notes)).ToList());
        var gsCase = rows.Single(r => r.Item.StartsWith("有限责任公司", StringComparison.Ordinal));
        var dsCase = rows.Single(r => r.Item.StartsWith("发票领用", StringComparison.Ordinal));
        Assert.Contains("\"businessScope\":\"软件开发", gsCase.Answers);
        Assert.Contains("\"registeredCapital\":\"100\"", gsCase.Answers);
        Assert.Contains("\"enterpriseName\":\"合肥明远科技有限公司\"", dsCase.Answers);
        Assert.DoesNotContain("businessScope", dsCase.Answers);
        Assert.All(rows, r => Assert.Equal("post", r.Delivery));
        Assert.All(rows, r => Assert.True(r.History >= 1 && r.Notes >= 1));
        var licenceFiles = await app.QueryAsync<CasesDbContext, List<long>>(db =>
            db.Materials.Where(m => db.Cases.Any(c => c.Id == m.CaseId && c.BundleId == bundleId) && (m.MaterialName == "营业执照" || m.MaterialName == "加载统一社会信用代码的营业执照")).Select(m => m.FileId).ToListAsync());
        Assert.Equal(2, licenceFiles.Count);
        Assert.Single(licenceFiles.Distinct());

        // Each department accepts, reviews and decides its own case.
        foreach (var c in cases)
        {
            var id = c!["id"]!.GetValue<long>();
            var department = await app.QueryAsync<OneWindow.Catalog.Data.CatalogDbContext, string>(db => db.Departments.Where(d => d.Id == c["departmentId"]!.GetValue<long>()).Select(d => d.Key).SingleAsync());
            var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, department);
            var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, department);
            var accepted = await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) });
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
            var review = (await CaseKit.OpenTasksAsync(reviewer, id)).Single();
            Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{review["id"]}/complete", new { outcome = "approve", opinion = "符合条件" })).IsSuccessStatusCode);
            var decide = (await CaseKit.OpenTasksAsync(reviewer, id)).Single();
            var decided = await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{decide["id"]}/decide", new { decision = "approve", reason = "符合法定条件" });
            Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
            var deliverTask = (await CaseKit.OpenTasksAsync(window, id)).Single();
            // One delivery: a bundled case is not delivered on its own.
            await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliverTask["id"]}/deliver", new { trackingNumber = "SF1" }), 409);
            var status = await Json.GetAsync(applicant, $"/api/v1/life-events/applications/{bundleId}");
            Assert.Equal(c == cases[^1] ? "decided" : "in_process", status["overall"]!.GetValue<string>());
        }

        // "全部办结" once.
        var allDone = await app.QueryAsync<CasesDbContext, int>(db => db.Notifications.CountAsync(n => db.Cases.Any(c => c.Id == n.CaseId && c.BundleId == bundleId) && n.Text.Contains("全部办结")));
        Assert.Equal(1, allDone);

        // Only the lead department's window (市场监管 gs) delivers, once, with one tracking number.
        var rsWindow = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "rs");
        await Json.ProblemAsync(await Json.PostAsync(rsWindow, $"/api/v1/life-events/applications/{bundleId}/deliver", new { trackingNumber = "EMS1" }), 403);
        var gsWindow = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "gs");
        var noNumber = await Json.ProblemAsync(await Json.PostAsync(gsWindow, $"/api/v1/life-events/applications/{bundleId}/deliver", new { }), 400);
        Assert.NotNull(noNumber["errors"]!["trackingNumber"]);
        var delivered = await Json.PostAsync(gsWindow, $"/api/v1/life-events/applications/{bundleId}/deliver", new { trackingNumber = "EMS1234567890" });
        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());
        await Json.ProblemAsync(await Json.PostAsync(gsWindow, $"/api/v1/life-events/applications/{bundleId}/deliver", new { trackingNumber = "EMS1234567890" }), 409);

        var final = await Json.GetAsync(applicant, $"/api/v1/life-events/applications/{bundleId}");
        Assert.Equal("completed", final["overall"]!.GetValue<string>());
        Assert.Equal("EMS1234567890", final["trackingNumber"]!.GetValue<string>());
        Assert.All(final["cases"]!.AsArray(), c => Assert.Equal(11, c!["statusCode"]!.GetValue<int>()));
        var tracking = await app.QueryAsync<CasesDbContext, List<string?>>(db => db.Cases.Where(c => c.BundleId == bundleId).Select(c => c.TrackingNumber).ToListAsync());
        Assert.All(tracking, t => Assert.Equal("EMS1234567890", t));
        // The new company's 营业执照 belongs to the company, not the applicant: no licence is issued to the wrong
        // holder; the issuing department is told (an internal line) to issue it.
        var licences = await app.QueryAsync<CasesDbContext, List<(string Item, string? Licence, bool Pending)>>(async db =>
            (await db.Cases.Where(c => c.BundleId == bundleId)
                .Select(c => new { c.ItemName, c.ResultLicenceIdentifier, Pending = db.History.Any(h => h.CaseId == c.Id && h.Action == "licence_pending" && !h.Public) })
                .ToListAsync()).Select(c => (c.ItemName, c.ResultLicenceIdentifier, c.Pending)).ToList());
        Assert.All(licences, l => Assert.Null(l.Licence));
        Assert.True(licences.Single(l => l.Item.StartsWith("有限责任公司设立登记", StringComparison.Ordinal)).Pending);
    }

    [Fact]
    public async Task Another_citizen_cannot_see_the_bundle_and_staff_of_its_departments_can()
    {
        var app = await App();
        var anonymous = app.Anonymous();
        await LifeEventKit.SetCompanyFormsAsync(app, await LifeEventKit.PlanAsync(anonymous, LifeEventKit.Company));
        var plan = await LifeEventKit.PlanAsync(anonymous, LifeEventKit.Company);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var created = await LifeEventKit.CreatedAsync(await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Company, LifeEventKit.CompanyAnswers(),
            await LifeEventKit.UploadMaterialsAsync(applicant, plan), Guid.NewGuid().ToString("N"), delivery: "electronic"));
        var id = created["id"]!.GetValue<long>();

        var (_, other) = await CaseKit.ApplicantAsync(app);
        var hidden = await Json.ProblemAsync(await other.GetAsync($"/api/v1/life-events/applications/{id}"), 404);
        var unknown = await Json.ProblemAsync(await other.GetAsync("/api/v1/life-events/applications/987654321"), 404);
        Assert.Equal(unknown["detail"]!.GetValue<string>(), hidden["detail"]!.GetValue<string>());
        var dsReviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ds");
        Assert.Equal(3, (await Json.GetAsync(dsReviewer, $"/api/v1/life-events/applications/{id}"))["cases"]!.AsArray().Count);
        var unrelated = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "hb");
        await Json.ProblemAsync(await unrelated.GetAsync($"/api/v1/life-events/applications/{id}"), 404);
    }
}

[Trait("Database", "Sqlite")]
public sealed class LifeEventFlowTestsOnSqlite() : LifeEventFlowTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class LifeEventFlowTestsOnPostgres() : LifeEventFlowTests(DbKind.Postgres);
