using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Cases.CertificateFreeKit;

namespace OneWindow.Tests.Cases;

/// <summary>免证办 and 一键申报 through the real API: materials proven by the applicant's own valid e-licences and
/// registry record, prefilled answers with their sources, licences presented by identifier, re-verification at
/// submission, and nothing of it for self-declared applicants.</summary>
public abstract class CertificateFreeTests(DbKind kind)
{
    private Task<OneWindowApp> App() => CertificateFreeApps.GetAsync(kind);

    [Fact]
    public async Task A_valid_licence_and_the_registry_prove_materials_and_prefill_names_its_source()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var applicant = await ApplicantAsync(app);
        var licence = CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook);

        var id = await DraftAsync(applicant.Client, item.Item.Id);
        var c = await CaseKit.CaseAsync(applicant.Client, id);
        var proofs = Proofs(c);
        var licenceProof = proofs.Single(p => p["materialIndex"]!.GetValue<int>() == item.LicenceMaterial);
        Assert.Equal("licence", licenceProof["kind"]!.GetValue<string>());
        Assert.Equal(licence.Identifier, licenceProof["licenceIdentifier"]!.GetValue<string>());
        Assert.Equal("valid", licenceProof["verifiedStatus"]!.GetValue<string>());
        Assert.All(item.RegistryMaterials, i => Assert.Contains(proofs, p => p["materialIndex"]!.GetValue<int>() == i && p["kind"]!.GetValue<string>() == "registry"));

        // 一键申报: name and household address from the registry, with the source; changing one drops its mark.
        Assert.Equal(applicant.Citizen.Name, c["answers"]!["fullName"]!.GetValue<string>());
        Assert.StartsWith("合肥市蜀山区长江西路", c["answers"]!["address"]!.GetValue<string>());
        Assert.Equal(FakeBaseRegistry.HukouSource, c["prefilledFrom"]!["address"]!.GetValue<string>());
        await SaveAnswersAsync(applicant.Client, id, c, new() { ["address"] = "合肥市政务区 1 号", ["contactPhone"] = "13912345678" });
        c = await CaseKit.CaseAsync(applicant.Client, id);
        Assert.Null(c["prefilledFrom"]!["address"]);
        Assert.Equal(FakeBaseRegistry.HukouSource, c["prefilledFrom"]!["fullName"]!.GetValue<string>());

        // The proven material needs no upload; the rest do.
        foreach (var index in item.OtherUploads.Append(item.CommitmentMaterial))
        {
            await AttachAsync(applicant.Client, id, index);
        }

        var submitted = await SubmitAsync(applicant.Client, id);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        Assert.Equal(1, (await Json.ReadAsync(submitted))["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Revoked_and_expired_licences_prove_nothing_and_a_self_declared_applicant_gets_no_proofs()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var revoked = await ApplicantAsync(app);
        CertificateFreeApps.Library.Add(revoked.Code, revoked.Citizen.Name, HukouBook, LicenceStatus.Revoked);
        var expired = await ApplicantAsync(app);
        CertificateFreeApps.Library.Add(expired.Code, expired.Citizen.Name, HukouBook, validUntil: new DateOnly(2021, 1, 1));
        foreach (var applicant in new[] { revoked, expired })
        {
            var c = await CaseKit.CaseAsync(applicant.Client, await DraftAsync(applicant.Client, item.Item.Id));
            Assert.DoesNotContain(Proofs(c), p => p["kind"]!.GetValue<string>() == "licence");
        }

        // Assurance 1: a licence and a registry record exist for the number, but nothing was ever checked.
        var selfDeclared = await ApplicantAsync(app, realName: false);
        CertificateFreeApps.Library.Add(selfDeclared.Code, selfDeclared.Citizen.Name, HukouBook);
        var id = await DraftAsync(selfDeclared.Client, item.Item.Id);
        var draft = await CaseKit.CaseAsync(selfDeclared.Client, id);
        Assert.Empty(Proofs(draft));
        Assert.Null(draft["answers"]!["fullName"]);
        Assert.Empty(draft["prefilledFrom"]!.AsObject());
        await SaveAnswersAsync(selfDeclared.Client, id, draft, new() { ["fullName"] = "某某", ["contactPhone"] = "13912345678" });
        var refused = await Json.ProblemAsync(await SubmitAsync(selfDeclared.Client, id), 400);
        Assert.NotNull(refused["errors"]![$"materials[{item.LicenceMaterial}]"]);
    }

    [Fact]
    public async Task Someone_elses_or_an_invalid_or_a_wrong_type_of_licence_is_refused_when_presented()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var applicant = await ApplicantAsync(app);
        var other = await ApplicantAsync(app);
        var id = await DraftAsync(applicant.Client, item.Item.Id);
        Assert.DoesNotContain(Proofs(await CaseKit.CaseAsync(applicant.Client, id)), p => p["kind"]!.GetValue<string>() == "licence");

        async Task<HttpResponseMessage> Present(string identifier) =>
            await Json.PostAsync(applicant.Client, $"/api/v1/cases/{id}/licences", new { materialIndex = item.LicenceMaterial, identifier });

        var foreign = CertificateFreeApps.Library.Add(other.Code, other.Citizen.Name, HukouBook);
        var notTheirs = await Json.ProblemAsync(await Present(foreign.Identifier), 400);
        Assert.Contains("该证照不属于申请人", notTheirs["errors"]!["identifier"]![0]!.GetValue<string>());

        var revoked = CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook, LicenceStatus.Revoked);
        Assert.Contains("无效", (await Json.ProblemAsync(await Present(revoked.Identifier), 400))["errors"]!["identifier"]![0]!.GetValue<string>());

        var wrongType = CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, "结婚证");
        Assert.Contains("不能证明", (await Json.ProblemAsync(await Present(wrongType.Identifier), 400))["errors"]!["identifier"]![0]!.GetValue<string>());
        await Json.ProblemAsync(await Json.PostAsync(applicant.Client, $"/api/v1/cases/{id}/licences", new { materialIndex = item.CommitmentMaterial, identifier = wrongType.Identifier }), 400);

        var own = CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook);
        var accepted = await Present(own.Identifier);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        Assert.Contains(Proofs(await CaseKit.CaseAsync(applicant.Client, id)), p => p["licenceIdentifier"]?.GetValue<string>() == own.Identifier);
        Assert.Equal(0, await app.QueryAsync<CasesDbContext, int>(db => db.Proofs.CountAsync(p => p.CaseId == id && p.LicenceIdentifier == foreign.Identifier)));
    }

    [Fact]
    public async Task Submission_checks_every_licence_again_and_refuses_one_revoked_meanwhile()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var applicant = await ApplicantAsync(app);
        var licence = CertificateFreeApps.Library.Add(applicant.Code, applicant.Citizen.Name, HukouBook);
        var id = await DraftAsync(applicant.Client, item.Item.Id);
        var c = await CaseKit.CaseAsync(applicant.Client, id);
        await SaveAnswersAsync(applicant.Client, id, c, new() { ["contactPhone"] = "13912345678" });
        foreach (var index in item.OtherUploads.Append(item.CommitmentMaterial))
        {
            await AttachAsync(applicant.Client, id, index);
        }

        CertificateFreeApps.Library.SetStatus(licence.Identifier, LicenceStatus.Revoked);
        var refused = await Json.ProblemAsync(await SubmitAsync(applicant.Client, id), 400);
        Assert.Contains("请上传", refused["errors"]![$"materials[{item.LicenceMaterial}]"]![0]!.GetValue<string>());
        c = await CaseKit.CaseAsync(applicant.Client, id);
        Assert.Equal(0, c["statusCode"]!.GetValue<int>());
        Assert.DoesNotContain(Proofs(c), p => p["kind"]!.GetValue<string>() == "licence");

        // Still refused until the material is uploaded; then it goes through.
        await Json.ProblemAsync(await SubmitAsync(applicant.Client, id), 400);
        await AttachAsync(applicant.Client, id, item.LicenceMaterial);
        Assert.True((await SubmitAsync(applicant.Client, id)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Proofs_and_instant_rules_are_checked_when_saved()
    {
        var app = await App();
        var item = await ProofsItemAsync(app);
        var editor = await app.SignedInAsync("editor", "ga");
        var badProofs = await Json.ProblemAsync(await editor.PutAsJsonAsync($"/api/v1/cases/items/{item.Item.Id}/proofs",
            new { definition = new { materials = new object[] { new { material = "不存在的材料", licence = new[] { "结婚证" } }, new { materialIndex = 0, registry = new { kind = "person", fields = new[] { "shoeSize" } } } } } }, Json.Options), 400);
        var messages = badProofs["errors"]!["proofs"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.StartsWith("materials[0].material", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("materials[1].registry.fields", StringComparison.Ordinal));

        var badPrefill = await Json.ProblemAsync(await editor.PutAsJsonAsync($"/api/v1/cases/items/{item.Item.Id}/form",
            new { definition = new { sections = new[] { new { key = "a", title = "申请人", fields = new[] { new { key = "n", label = "姓名", type = "text", prefill = "person.shoeSize" } } } } } }, Json.Options), 400);
        Assert.Contains("prefill", badPrefill["errors"]!["form"]![0]!.GetValue<string>());

        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        var badRules = await Json.ProblemAsync(await admin.PutAsJsonAsync($"/api/v1/cases/items/{item.Item.Id}/instant",
            new { definition = new { enabled = true, rules = new object[] { new { id = "a", label = "x", fact = "person.shoeSize", op = "gte", value = 1 }, new { id = "b", label = "y", fact = "person.age", op = "about", value = 1 } } } }, Json.Options), 400);
        var ruleErrors = badRules["errors"]!["instant"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(ruleErrors, m => m.StartsWith("rules[0].fact", StringComparison.Ordinal));
        Assert.Contains(ruleErrors, m => m.StartsWith("rules[1].op", StringComparison.Ordinal));
        // The editor may not switch on instant approval: that is the department admin's.
        await Json.ProblemAsync(await editor.PutAsJsonAsync($"/api/v1/cases/items/{item.Item.Id}/instant", new { definition = new { enabled = false } }, Json.Options), 403);
    }
}

/// <summary>The demo configuration is valid by the same checks staff edits pass.</summary>
public abstract class CertificateFreeDemoTests(DbKind kind)
{
    [Fact]
    public async Task The_demo_items_are_configured_for_proofs_instant_approval_and_commitments()
    {
        var app = await CertificateFreeApps.GetAsync(kind);
        var editor = await app.SignedInAsync("editor", "ga");
        foreach (var (department, name) in new[] { ("mz", "内地居民结婚登记"), ("rs", "社会保障卡申领"), ("wjw", "公共场所卫生许可") })
        {
            var itemId = await app.QueryAsync<OneWindow.Catalog.Data.CatalogDbContext, long>(db => (from i in db.ServiceItems
                join d in db.Departments on i.DepartmentId equals d.Id
                join v in db.ItemVersions on new { ItemId = i.Id, No = i.PublishedVersion!.Value } equals new { ItemId = v.ServiceItemId, No = v.VersionNo }
                where d.Key == department && v.Name == name
                select i.Id).SingleAsync());
            var setup = await Json.GetAsync(editor, $"/api/v1/cases/items/{itemId}/setup");
            var proofs = OneWindow.Cases.Domain.ProofsDefinition.FromJson(setup["proofs"]!.ToJsonString());
            var materials = System.Text.Json.JsonSerializer.Deserialize<List<OneWindow.Cases.Domain.RequiredMaterial>>(setup["materials"]!.ToJsonString(), Json.Options)!;
            Assert.NotEmpty(proofs.Materials);
            Assert.Empty(proofs.CheckDefinition(materials));
            Assert.Equal(department == "rs", setup["instant"]?["enabled"]?.GetValue<bool>() == true);
            Assert.Equal(department == "wjw", proofs.Materials.Any(m => m.Commitment != null));
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class CertificateFreeDemoTestsOnSqlite() : CertificateFreeDemoTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CertificateFreeDemoTestsOnPostgres() : CertificateFreeDemoTests(DbKind.Postgres);

[Trait("Database", "Sqlite")]
public sealed class CertificateFreeTestsOnSqlite() : CertificateFreeTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CertificateFreeTestsOnPostgres() : CertificateFreeTests(DbKind.Postgres);
