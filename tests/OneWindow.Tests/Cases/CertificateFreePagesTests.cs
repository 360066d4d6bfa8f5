using System.Net;
using OneWindow.Shared.Security;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Cases.CertificateFreeKit;

namespace OneWindow.Tests.Cases;

/// <summary>The pages of 免证办: the apply page marks prefilled fields and proven materials and takes a commitment by
/// tick box; the officer's case page shows proofs and records the commitment check; the applicant sees why 秒批 did
/// or did not decide, and the result licence.</summary>
public abstract class CertificateFreePagesTests(DbKind kind)
{
    private Task<OneWindowApp> App() => CertificateFreeApps.GetAsync(kind);

    [Fact]
    public async Task The_apply_page_shows_sources_and_proofs_and_signs_a_commitment_and_the_officer_checks_it()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var applicant = await ApplicantAsync(app);
        CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook);
        var id = await DraftAsync(applicant.Client, item.Item.Id);

        var html = await applicant.Client.GetStringAsync($"/apply/{id}");
        Assert.Contains("来自 " + FakeBaseRegistry.HukouSource, html);
        Assert.Contains("已通过电子证照免提交：" + HukouBook, html);
        Assert.Contains(Commitment, html);
        Assert.DoesNotContain("id=\"self-declared\"", html);

        var c = await CaseKit.CaseAsync(applicant.Client, id);
        var fields = c["answers"]!.AsObject().ToDictionary(a => $"Answers[{a.Key}]", a => a.Value?.GetValue<string>() ?? "");
        fields["Answers[contactPhone]"] = "13912345678";
        fields["DeliveryMethod"] = "electronic";
        fields[$"CommitShown[{item.CommitmentMaterial}]"] = "true";
        fields[$"Commit[{item.CommitmentMaterial}]"] = "true";
        fields["Action"] = "save";
        var saved = await CitizenKit.PostFormAsync(applicant.Client, $"/apply/{id}", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(Proofs(await CaseKit.CaseAsync(applicant.Client, id)), p => p["kind"]!.GetValue<string>() == "commitment");

        await FillAndSubmitAsync(applicant.Client, id, new() { ["contactPhone"] = "13912345678" }, item.OtherUploads);
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        var staffHtml = await window.GetStringAsync($"/admin/cases/{id}");
        Assert.Contains("电子证照免提交：", staffHtml);
        Assert.Contains("事后核查", staffHtml);
        var commitment = Proofs(await CaseKit.CaseAsync(window, id)).Single(p => p["kind"]!.GetValue<string>() == "commitment");
        var revision = await CaseKit.RevisionAsync(window, id);

        // A false finding without a note is shown next to the note field; with the note it is recorded.
        var missingNote = await CitizenKit.PostFormAsync(window, $"/admin/cases/{id}",
            new() { ["Revision"] = revision.ToString(), ["ProofId"] = commitment["id"]!.ToString(), ["CheckResult"] = "false", ["Note"] = "" }, handler: "CheckCommitment");
        Assert.Equal(HttpStatusCode.BadRequest, missingNote.StatusCode);
        Assert.Contains($"id=\"check-{commitment["id"]}-note-error\"", await missingNote.Content.ReadAsStringAsync());
        var recorded = await CitizenKit.PostFormAsync(window, $"/admin/cases/{id}",
            new() { ["Revision"] = revision.ToString(), ["ProofId"] = commitment["id"]!.ToString(), ["CheckResult"] = "false", ["Note"] = "场所不符" }, handler: "CheckCommitment");
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Contains("核查：承诺不实", await window.GetStringAsync($"/admin/cases/{id}"));
        Assert.DoesNotContain("核查：承诺不实", await applicant.Client.GetStringAsync($"/account/cases/{id}"));
    }

    [Fact]
    public async Task A_self_declared_applicant_is_told_why_and_the_case_page_explains_instant_approval()
    {
        var app = await App();
        var item = await InstantItemAsync(app);
        var selfDeclared = await ApplicantAsync(app, realName: false);
        var draft = await DraftAsync(selfDeclared.Client, item.Item.Id);
        var html = await selfDeclared.Client.GetStringAsync($"/apply/{draft}");
        Assert.Contains("id=\"self-declared\"", html);
        Assert.DoesNotContain("已通过电子证照免提交", html);

        var applicant = await ApplicantAsync(app);
        var id = await DraftAsync(applicant.Client, item.Item.Id);
        await FillAndSubmitAsync(applicant.Client, id, new() { ["contactPhone"] = "13912345678" }, item.Item.RequiredUploads);
        var page = await applicant.Client.GetStringAsync($"/account/cases/{id}");
        Assert.Contains("自动审批（秒批）：已通过", page);
        Assert.Contains("电子证照已发放", page);
        Assert.Contains("/licences/verify?identifier=", page);

        var referred = await ApplicantAsync(app, birthDate: "2016-01-01");
        var referredId = await DraftAsync(referred.Client, item.Item.Id);
        await FillAndSubmitAsync(referred.Client, referredId, new() { ["contactPhone"] = "13912345678" }, item.Item.RequiredUploads);
        var referredPage = await referred.Client.GetStringAsync($"/account/cases/{referredId}");
        Assert.Contains("已转人工审核", referredPage);
        Assert.Contains("年满16周岁", referredPage);
        Assert.Contains("自动审批（秒批）：已转人工审核", await (await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga")).GetStringAsync($"/admin/cases/{referredId}"));
    }

    [Fact]
    public async Task The_setup_pages_edit_proofs_and_instant_rules_with_errors_beside_the_definition()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var editor = await app.SignedInAsync("editor", "ga");
        var page = await editor.GetStringAsync($"/admin/cases/items/{item.Item.Id}/proofs");
        Assert.Contains(HukouBook, page);
        Assert.Contains("householdAddress", page);
        var bad = await CitizenKit.PostFormAsync(editor, $"/admin/cases/items/{item.Item.Id}/proofs", new() { ["Definition"] = """{"materials":[{"material":"没有这项"}]}""" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"definition-error\"", await bad.Content.ReadAsStringAsync());

        // Only the department admin may edit 秒批; the editor sees it read-only.
        Assert.Contains("您可以查看，但无权修改", await editor.GetStringAsync($"/admin/cases/items/{item.Item.Id}/instant"));
        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var unknownOp = await CitizenKit.PostFormAsync(admin, $"/admin/cases/items/{item.Item.Id}/instant",
            new() { ["Definition"] = """{"enabled":true,"rules":[{"id":"a","label":"x","fact":"person.age","op":"roughly","value":1}]}""" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownOp.StatusCode);
        Assert.Contains("rules[0].op", await unknownOp.Content.ReadAsStringAsync());
        var saved = await CitizenKit.PostFormAsync(admin, $"/admin/cases/items/{item.Item.Id}/instant", new() { ["Definition"] = """{"enabled":false,"rules":[]}""" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CertificateFreePagesTestsOnSqlite() : CertificateFreePagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CertificateFreePagesTestsOnPostgres() : CertificateFreePagesTests(DbKind.Postgres);
