using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Cases.CertificateFreeKit;

namespace OneWindow.Tests.Cases;

/// <summary>The officer's side of 免证办 and 告知承诺, 秒批 (approved, or handed to a person with the reasons) and result
/// licences issued in the transaction that closes the case (or the close rolled back).</summary>
public abstract class CertificateFreeHandlingTests(DbKind kind)
{
    private Task<OneWindowApp> App() => CertificateFreeApps.GetAsync(kind);

    /// <summary>A submitted case of the proofs item: the licence material proven, a commitment signed for another.</summary>
    private static async Task<(RealApplicant Applicant, long Id)> SubmittedWithProofsAsync(OneWindowApp app, ConfiguredItem item)
    {
        var applicant = await ApplicantAsync(app);
        CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook);
        var id = await DraftAsync(applicant.Client, item.Item.Id);
        var signed = await Json.PostAsync(applicant.Client, $"/api/v1/cases/{id}/commitments", new { materialIndex = item.CommitmentMaterial });
        Assert.True(signed.IsSuccessStatusCode, await signed.Content.ReadAsStringAsync());
        Assert.Equal(Commitment, (await Json.ReadAsync(signed))["commitmentText"]!.GetValue<string>());
        await FillAndSubmitAsync(applicant.Client, id, new() { ["contactPhone"] = "13912345678" }, item.OtherUploads);
        return (applicant, id);
    }

    [Fact]
    public async Task The_officer_sees_proofs_cannot_ask_to_correct_a_proven_material_and_records_the_commitment_check()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var (applicant, id) = await SubmittedWithProofsAsync(app, item);
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var c = await CaseKit.CaseAsync(window, id);
        var licenceProof = Proofs(c).Single(p => p["kind"]!.GetValue<string>() == "licence");
        Assert.Equal("合肥市公安局", licenceProof["sourceName"]!.GetValue<string>());
        var commitment = Proofs(c).Single(p => p["kind"]!.GetValue<string>() == "commitment");

        var revision = c["revision"]!.GetValue<int>();
        var refused = await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/request-correction",
            new { revision, points = new[] { new { materialIndex = item.LicenceMaterial, problem = "请提供户口簿" } } }), 400);
        Assert.Contains("不能要求补正", refused["errors"]!["points[0].materialIndex"]![0]!.GetValue<string>());
        Assert.Equal(1, (await CaseKit.CaseAsync(window, id))["statusCode"]!.GetValue<int>());

        var checkUrl = $"/api/v1/cases/{id}/proofs/{commitment["id"]}/check";
        await Json.ProblemAsync(await CaseKit.ActAsync(window, checkUrl, new { result = "false" }), 400); // a false finding needs the note
        await Json.ProblemAsync(await CaseKit.ActAsync(applicant.Client, checkUrl, new { result = "confirmed" }), 403);
        var checkedFalse = await CaseKit.ActAsync(window, checkUrl, new { result = "false", note = "现场核查：经营场所与承诺不符" });
        Assert.True(checkedFalse.IsSuccessStatusCode, await checkedFalse.Content.ReadAsStringAsync());
        await Json.ProblemAsync(await CaseKit.ActAsync(window, checkUrl, new { result = "confirmed" }), 409);

        c = await CaseKit.CaseAsync(window, id);
        var checkedProof = Proofs(c).Single(p => p["kind"]!.GetValue<string>() == "commitment");
        Assert.Equal("false", checkedProof["checkResult"]!.GetValue<string>());
        Assert.Equal("现场核查：经营场所与承诺不符", checkedProof["checkNote"]!.GetValue<string>());
        Assert.Contains(c["history"]!.AsArray(), h => h!["action"]!.GetValue<string>() == "commitment_checked" && h["note"]!.GetValue<string>().Contains("不实"));
        var number = c["number"]!.GetValue<string>();
        Assert.Equal(1, await app.QueryAsync<CasesDbContext, int>(db => db.Database
            .SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE action = 'case.commitment_checked' AND target_id = {number}").SingleAsync()));
        // The applicant sees their commitment, not the department's finding.
        Assert.Null(Proofs(await CaseKit.CaseAsync(applicant.Client, id)).Single(p => p["kind"]!.GetValue<string>() == "commitment")["checkResult"]);
    }

    [Fact]
    public async Task Instant_approval_closes_the_case_with_its_licence_and_a_masked_explanation()
    {
        var app = await App();
        var item = await InstantItemAsync(app);
        var applicant = await ApplicantAsync(app);
        CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook);
        var id = await DraftAsync(applicant.Client, item.Item.Id);
        await FillAndSubmitAsync(applicant.Client, id, new() { ["contactPhone"] = "13912345678" }, item.OtherUploads.Append(item.CommitmentMaterial));
        var c = await CaseKit.CaseAsync(applicant.Client, id);
        Assert.Equal(11, c["statusCode"]!.GetValue<int>());
        Assert.Equal("approve", c["decision"]!.GetValue<string>());
        Assert.Equal("electronic", c["deliveryMethod"]!.GetValue<string>());
        var identifier = c["resultLicenceIdentifier"]!.GetValue<string>();
        Assert.Contains(c["number"]!.GetValue<string>(), identifier);
        Assert.Contains(CertificateFreeApps.Library.Issued, i => i.HolderCode == applicant.Code && i.SourceReference == c["number"]!.GetValue<string>());

        var decision = c["autoDecision"]!;
        Assert.Equal("approved", decision["outcome"]!.GetValue<string>());
        Assert.All(decision["rules"]!.AsArray(), r => Assert.Equal("pass", r!["result"]!.GetValue<string>()));
        Assert.Equal("340104", Rule(decision, "hefei")["value"]!.GetValue<string>());
        Assert.DoesNotContain(applicant.Code, decision.ToJsonString());
        var actions = c["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["submitted", "accepted", "decided_approve", "delivered", "closed"], actions);
        var number = c["number"]!.GetValue<string>();
        Assert.Equal(2, await app.QueryAsync<CasesDbContext, int>(db => db.Database
            .SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE target_id = {number} AND action IN ('case.submitted', 'case.auto_approved')").SingleAsync()));
    }

    [Fact]
    public async Task The_one_call_api_prefills_proves_and_approves_instantly_in_one_request()
    {
        var app = await App();
        var item = await InstantItemAsync(app);
        var applicant = await ApplicantAsync(app);
        // No fullName in the request: the registry fills it; the paper materials are proven by the registry.
        var response = await CaseKit.PostApplicationAsync(applicant.Client, item.Item, Guid.NewGuid().ToString("N"), delivery: "pickup");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Json.ReadAsync(response);
        Assert.Equal(11, created["statusCode"]!.GetValue<int>());
        var c = await CaseKit.CaseAsync(applicant.Client, created["id"]!.GetValue<long>());
        Assert.Equal(applicant.Citizen.Name, c["answers"]!["fullName"]!.GetValue<string>());
        Assert.Equal(FakeBaseRegistry.HukouSource, c["prefilledFrom"]!["fullName"]!.GetValue<string>());
        Assert.All(item.RegistryMaterials, i => Assert.Contains(Proofs(c), p => p["materialIndex"]!.GetValue<int>() == i));
        Assert.NotNull(c["resultLicenceIdentifier"]);
    }

    [Fact]
    public async Task A_failing_rule_or_missing_data_sends_the_case_to_a_person_with_the_reasons()
    {
        var app = await App();
        var item = await InstantItemAsync(app);

        // Already holds a social security card: the rule fails.
        var holder = await ApplicantAsync(app);
        CertificateFreeApps.Library.Add(holder.Code, holder.Citizen.Name, SocialSecurityCard);
        var failed = await ApplyFullyAsync(holder, item);
        Assert.Equal(1, failed["statusCode"]!.GetValue<int>());
        Assert.Equal("referred", failed["autoDecision"]!["outcome"]!.GetValue<string>());
        Assert.Equal("fail", Rule(failed["autoDecision"]!, "noCard")["result"]!.GetValue<string>());
        var line = failed["history"]!.AsArray().Single(h => h!["action"]!.GetValue<string>() == "auto_referred")!;
        Assert.Contains("未满足自动审批条件：尚未持有社会保障卡（不符合）", line["note"]!.GetValue<string>());
        Assert.Contains("已转人工审核", line["note"]!.GetValue<string>());

        // Born 2015: under age.
        var child = await ApplicantAsync(app, birthDate: "2015-06-01");
        var missing = await ApplyFullyAsync(child, item);
        Assert.Equal(1, missing["statusCode"]!.GetValue<int>());
        var decision = missing["autoDecision"]!;
        Assert.Equal("fail", Rule(decision, "adult")["result"]!.GetValue<string>());
        Assert.Equal("pass", Rule(decision, "inRegistry")["result"]!.GetValue<string>());

        // A real-name applicant the registry does not know: "in the registry" fails, the region is missing data (never a pass).
        var unknown = await ApplicantAsync(app, inRegistry: false);
        var notInRegistry = await ApplyFullyAsync(unknown, item);
        Assert.Equal(1, notInRegistry["statusCode"]!.GetValue<int>());
        Assert.Equal("missing", Rule(notInRegistry["autoDecision"]!, "hefei")["result"]!.GetValue<string>());
        Assert.Equal("fail", Rule(notInRegistry["autoDecision"]!, "inRegistry")["result"]!.GetValue<string>());

        // The officer at the desk sees the same explanation and can accept as usual.
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var staffView = await CaseKit.CaseAsync(window, failed["id"]!.GetValue<long>());
        Assert.Equal("referred", staffView["autoDecision"]!["outcome"]!.GetValue<string>());
        var accept = await CaseKit.ActAsync(window, $"/api/v1/cases/{failed["id"]}/accept", new { revision = staffView["revision"]!.GetValue<int>() });
        Assert.True(accept.IsSuccessStatusCode, await accept.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Normal_approval_issues_the_result_licence_when_the_case_closes_and_a_failing_library_rolls_the_close_back()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var (applicant, id) = await SubmittedWithProofsAsync(app, item);
        var (window, deliver) = await ApprovedAwaitingDeliveryAsync(app, id);

        CertificateFreeApps.Library.FailIssuingFor[applicant.Code] = true;
        var historyBefore = await CaseKit.HistoryCountAsync(app, id);
        var failed = await Json.ProblemAsync(await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliver["id"]}/deliver", new { }), 503);
        Assert.Contains("办件未办结", failed["detail"]!.GetValue<string>());
        var c = await CaseKit.CaseAsync(window, id);
        Assert.Equal(8, c["statusCode"]!.GetValue<int>());
        Assert.Null(c["resultLicenceIdentifier"]);
        Assert.Equal(historyBefore, await CaseKit.HistoryCountAsync(app, id));
        Assert.Equal("open", (await CaseKit.OpenTasksAsync(window, id)).Single()["state"]!.GetValue<string>());

        CertificateFreeApps.Library.FailIssuingFor.TryRemove(applicant.Code, out _);
        var delivered = await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliver["id"]}/deliver", new { });
        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());
        c = await CaseKit.CaseAsync(applicant.Client, id);
        Assert.Equal(11, c["statusCode"]!.GetValue<int>());
        Assert.Equal($"issued:居民身份证:{c["number"]}", c["resultLicenceIdentifier"]!.GetValue<string>());
        var issued = CertificateFreeApps.Library.Issued.Single(i => i.HolderCode == applicant.Code);
        Assert.Equal("13912345678", issued.Data["contactPhone"]);
        Assert.Equal(applicant.Citizen.Name, issued.HolderName);
        // The licence's face takes what the registry vouches for (the household address prints as the address).
        Assert.Equal("合肥市蜀山区长江西路 " + applicant.Citizen.Id + " 号", issued.Data["address"]);
    }

    [Fact]
    public async Task A_decision_whose_licence_needs_data_the_case_lacks_still_closes_and_leaves_the_licence_to_the_department()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var (applicant, id) = await SubmittedWithProofsAsync(app, item);
        CertificateFreeApps.Library.RequiredFieldFor[applicant.Code] = "photo";
        var (window, deliver) = await ApprovedAwaitingDeliveryAsync(app, id);

        var delivered = await CaseKit.ActAsync(window, $"/api/v1/cases/tasks/{deliver["id"]}/deliver", new { });

        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());
        var c = await CaseKit.CaseAsync(window, id);
        Assert.Equal(11, c["statusCode"]!.GetValue<int>());
        Assert.Null(c["resultLicenceIdentifier"]);
        Assert.DoesNotContain(CertificateFreeApps.Library.Issued, i => i.HolderCode == applicant.Code);
        var pending = c["history"]!.AsArray().Single(h => h!["action"]!.GetValue<string>() == "licence_pending")!;
        Assert.Contains("photo", pending["note"]!.GetValue<string>());
        // An internal line: the applicant's view of the history does not show it.
        var own = await CaseKit.CaseAsync(applicant.Client, id);
        Assert.DoesNotContain(own["history"]!.AsArray(), h => h!["action"]!.GetValue<string>() == "licence_pending");
    }

    /// <summary>Accepted by the 公安局 window, approved by its reviewer: the window officer and the open delivery task.</summary>
    private static async Task<(HttpClient Window, JsonNode Deliver)> ApprovedAwaitingDeliveryAsync(OneWindowApp app, long id)
    {
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) })).IsSuccessStatusCode);
        var review = (await CaseKit.OpenTasksAsync(reviewer, id)).Single();
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{review["id"]}/complete", new { outcome = "approve", opinion = "材料齐全" })).IsSuccessStatusCode);
        var decide = (await CaseKit.OpenTasksAsync(reviewer, id)).Single();
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{decide["id"]}/decide", new { decision = "approve", reason = "符合法定条件" })).IsSuccessStatusCode);
        return (window, (await CaseKit.OpenTasksAsync(window, id)).Single());
    }

    private static async Task<JsonNode> ApplyFullyAsync(RealApplicant applicant, ConfiguredItem item)
    {
        var id = await DraftAsync(applicant.Client, item.Item.Id);
        await FillAndSubmitAsync(applicant.Client, id, new() { ["fullName"] = applicant.Citizen.Name, ["contactPhone"] = "13912345678" }, item.Item.RequiredUploads);
        return await CaseKit.CaseAsync(applicant.Client, id);
    }

    private static JsonNode Rule(JsonNode decision, string id) => decision["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == id)!;
}

[Trait("Database", "Sqlite")]
public sealed class CertificateFreeHandlingTestsOnSqlite() : CertificateFreeHandlingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CertificateFreeHandlingTestsOnPostgres() : CertificateFreeHandlingTests(DbKind.Postgres);
