using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Oidc.Clients;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Licences;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Cases.CertificateFreeKit;
using static OneWindow.Tests.Registry.RegistryTestKit;

namespace OneWindow.Tests.Cases;

/// <summary>
/// 免证办 and 秒批 with the real modules instead of fakes: 公安局's household system feeds the population registry
/// through the registry API, its business system imports the applicant's 居民户口簿 through the licence API, and the
/// demo configuration of 内地居民结婚登记 and 社会保障卡申领 does the rest — proofs verified against the signed licence,
/// prefill from the golden record, a revoked licence no longer proving anything, and an instant approval that issues
/// a licence anyone can verify through the public API.
/// </summary>
public abstract class CertificateFreeIntegrationTests(DbKind kind)
{
    private static readonly AppPerDatabase Apps = new();

    private async Task<(RealApplicant Applicant, OneWindowApp App)> ApplicantInRegistryAsync(string birthDate = "1990-05-20")
    {
        var app = await Apps.GetAsync(kind);
        var citizen = await CitizenKit.RegisterAsync(app);
        await app.QueryAsync<IdentityDbContext, int>(db => db.Citizens.Where(c => c.Id == citizen.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AssuranceLevel, AssuranceLevel.IdVerified)));
        await SubmitOkAsync(await DataAdminAsync(app), "ga-hukou", Record(citizen.IdNumber, At(3), new
        {
            name = citizen.Name, gender = "男", birthDate, ethnicity = "汉族", householdRegion = "340104",
            householdAddress = "安徽省合肥市蜀山区长江西路 100 号", maritalStatus = "未婚",
        }));
        return (new RealApplicant(citizen, await CitizenKit.SignedInAsync(app, citizen)), app);
    }

    private static async Task<string> ImportHouseholdRegisterAsync(OneWindowApp app, TestCitizen citizen)
    {
        var token = await OidcTestKit.ClientTokenAsync(app.Anonymous(), DemoClientSeeder.ClientId, DemoClientSeeder.Secret, "licences.write");
        var response = await app.Anonymous().SendAsync(LicencesTestKit.Bearer(HttpMethod.Post, "/api/v1/licences/import", token, new
        {
            records = new[]
            {
                new
                {
                    type = "居民户口簿", holderName = citizen.Name, holderCode = citizen.IdNumber, holderCodeType = "111", number = "HK" + citizen.Id,
                    issuedOn = "2021-03-01", sourceReference = "hukou-" + citizen.IdNumber,
                    data = new Dictionary<string, string> { ["address"] = "安徽省合肥市蜀山区长江西路 100 号", ["householdHead"] = citizen.Name, ["relation"] = "户主", ["householdRegion"] = "340104" },
                },
            },
        }));
        var body = await LicencesTestKit.OkJsonAsync(response);
        return body["identifiers"]![0]!.GetValue<string>();
    }

    private static async Task<long> ItemIdAsync(OneWindowApp app, string name)
    {
        var items = await Json.GetAsync(app.Anonymous(), "/api/v1/catalog/items?q=" + Uri.EscapeDataString(name));
        return items["items"]!.AsArray().First(i => i!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task A_licence_from_the_library_and_the_registry_record_prove_materials_and_prefill_until_the_licence_is_revoked()
    {
        var (applicant, app) = await ApplicantInRegistryAsync();
        var identifier = await ImportHouseholdRegisterAsync(app, applicant.Citizen);
        var marriage = await ItemIdAsync(app, "内地居民结婚登记");

        var c = await CaseKit.CaseAsync(applicant.Client, await DraftAsync(applicant.Client, marriage));

        var proofs = Proofs(c);
        var household = proofs.Single(p => p["materialIndex"]!.GetValue<int>() == 0);
        Assert.Equal("licence", household["kind"]!.GetValue<string>());
        Assert.Equal(identifier, household["licenceIdentifier"]!.GetValue<string>());
        Assert.Equal("valid", household["verifiedStatus"]!.GetValue<string>());
        var idCard = proofs.Single(p => p["materialIndex"]!.GetValue<int>() == 1);
        Assert.Equal("registry", idCard["kind"]!.GetValue<string>());
        Assert.Equal(applicant.Citizen.Name, c["answers"]!["fullName"]!.GetValue<string>());
        Assert.Equal("安徽省合肥市蜀山区长江西路 100 号", c["answers"]!["householdAddress"]!.GetValue<string>());
        Assert.Equal("市公安局户籍系统", c["prefilledFrom"]!["householdAddress"]!.GetValue<string>());

        // 公安局 revokes the licence: a new application no longer relies on it (the registry still proves the register).
        var admin = await app.SignedInAsync("department_admin", "ga");
        var revoke = await Json.PostAsync(admin, $"/api/v1/licences/{Uri.EscapeDataString(identifier)}/revoke", new { reason = "户口迁出，原户口簿作废" });
        Assert.True(revoke.IsSuccessStatusCode, await revoke.Content.ReadAsStringAsync());
        var again = await CaseKit.CaseAsync(applicant.Client, await DraftAsync(applicant.Client, marriage));
        Assert.DoesNotContain(Proofs(again), p => p["licenceIdentifier"]?.GetValue<string>() == identifier);
        Assert.Equal("registry", Proofs(again).Single(p => p["materialIndex"]!.GetValue<int>() == 0)["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_instant_approval_closes_the_case_with_a_signed_licence_the_public_API_verifies()
    {
        var (applicant, app) = await ApplicantInRegistryAsync();
        var card = await ItemIdAsync(app, "社会保障卡申领");
        var id = await DraftAsync(applicant.Client, card);

        await FillAndSubmitAsync(applicant.Client, id, new() { ["contactPhone"] = "13912345678" }, [1, 2]);

        var c = await CaseKit.CaseAsync(applicant.Client, id);
        Assert.Equal(11, c["statusCode"]!.GetValue<int>());
        Assert.Equal("approved", c["autoDecision"]!["outcome"]!.GetValue<string>());
        Assert.All(c["autoDecision"]!["rules"]!.AsArray(), r => Assert.Equal("pass", r!["result"]!.GetValue<string>()));
        var identifier = c["resultLicenceIdentifier"]!.GetValue<string>();
        var (status, _) = await LicencesTestKit.VerifyAsync(app.Anonymous(), identifier: identifier);
        Assert.Equal("valid", status);
        var held = await Json.GetAsync(await app.SignedInAsync("department_admin", "rs"), $"/api/v1/licences/{Uri.EscapeDataString(identifier)}");
        Assert.Equal(applicant.Citizen.IdNumber, held["holderCode"]!.GetValue<string>());
        Assert.Equal("中华人民共和国社会保障卡", held["typeName"]!.GetValue<string>());

        // A second application is not instant any more: the applicant now holds the card (rule noCard fails) — to the desk.
        var second = await DraftAsync(applicant.Client, card);
        await FillAndSubmitAsync(applicant.Client, second, new() { ["contactPhone"] = "13912345678" }, [1, 2]);
        var referred = await CaseKit.CaseAsync(applicant.Client, second);
        Assert.Equal(1, referred["statusCode"]!.GetValue<int>());
        Assert.Equal("fail", referred["autoDecision"]!["rules"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "noCard")!["result"]!.GetValue<string>());
    }
}

[Trait("Database", "Sqlite")]
public sealed class CertificateFreeIntegrationTestsOnSqlite() : CertificateFreeIntegrationTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CertificateFreeIntegrationTestsOnPostgres() : CertificateFreeIntegrationTests(DbKind.Postgres);
