using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>A real-name applicant (assurance 2) with their ID number, for the certificate-free tests.</summary>
public sealed record RealApplicant(TestCitizen Citizen, HttpClient Client)
{
    public string Code => Citizen.IdNumber;
}

/// <summary>Items configured for 免证办 (slot 0) and 秒批 (slot 1) in the certificate-free apps, and applicants.</summary>
public static class CertificateFreeKit
{
    public const string HukouBook = "居民户口簿";
    public const string SocialSecurityCard = "中华人民共和国社会保障卡";
    public const string Commitment = "本人承诺所提交的信息真实有效，如有虚假愿承担法律责任。";

    private static readonly ConcurrentDictionary<(OneWindowApp, int), Lazy<Task<ConfiguredItem>>> Items = new();

    /// <summary>The item, its proven (licence) material, commitment material and registry-proven paper materials.</summary>
    public sealed record ConfiguredItem(TestItem Item, int LicenceMaterial, int CommitmentMaterial, IReadOnlyList<int> RegistryMaterials, IReadOnlyList<int> OtherUploads);

    public static Task<ConfiguredItem> ProofsItemAsync(OneWindowApp app) => Items.GetOrAdd((app, 0), _ => new(() => ConfigureAsync(app, 0, instant: false))).Value;

    public static Task<ConfiguredItem> InstantItemAsync(OneWindowApp app) => Items.GetOrAdd((app, 1), _ => new(() => ConfigureAsync(app, 1, instant: true))).Value;

    private static async Task<ConfiguredItem> ConfigureAsync(OneWindowApp app, int slot, bool instant)
    {
        foreach (var type in new[] { "居民身份证", "普通护照", "往来港澳通行证签注", "居民户口簿", "居住证", "中华人民共和国机动车驾驶证" })
        {
            CertificateFreeApps.Library.KnownTypes[type] = true;
        }

        var item = await CaseKit.ItemAsync(app, "ga", slot);
        var editor = await app.SignedInAsync("editor", "ga");
        var setup = await Json.GetAsync(editor, $"/api/v1/cases/items/{item.Id}/setup");
        var materials = setup["materials"]!.AsArray();
        var licenceMaterial = item.RequiredUploads[0];
        var commitmentMaterial = item.RequiredUploads[1];
        var registryMaterials = materials.Select((m, i) => (m, i)).Where(x => x.m!["required"]!.GetValue<bool>() && x.m["form"]!.GetValue<string>() == "paper").Select(x => x.i).ToList();
        var proofs = new List<object>
        {
            new { materialIndex = licenceMaterial, licence = new[] { HukouBook } },
            new { materialIndex = commitmentMaterial, commitment = Commitment },
        };
        proofs.AddRange(registryMaterials.Select(i => (object)new { materialIndex = i, registry = new { kind = "person", fields = new[] { "name", "householdAddress" } } }));
        await PutOkAsync(editor, $"/api/v1/cases/items/{item.Id}/proofs", new { definition = new { materials = proofs } });
        await PutOkAsync(editor, $"/api/v1/cases/items/{item.Id}/form", new
        {
            definition = new
            {
                sections = new[]
                {
                    new
                    {
                        key = "applicant", title = "申请人",
                        fields = new object[]
                        {
                            new { key = "fullName", label = "姓名", type = "text", required = true, prefill = "person.name" },
                            new { key = "address", label = "户籍地址", type = "text", prefill = "person.householdAddress" },
                            new { key = "contactPhone", label = "联系电话", type = "phone", required = true },
                        },
                    },
                },
            },
        });
        if (instant)
        {
            var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
            await PutOkAsync(admin, $"/api/v1/cases/items/{item.Id}/instant", new
            {
                definition = new
                {
                    enabled = true,
                    rules = new object[]
                    {
                        new { id = "inRegistry", label = "本人在人口库中", fact = "person", op = "exists" },
                        new { id = "hefei", label = "户籍在合肥市区", fact = "person.householdRegion", op = "startsWith", value = "3401" },
                        new { id = "adult", label = "年满16周岁", fact = "person.age", op = "gte", value = 16 },
                        new { id = "noCard", label = "尚未持有社会保障卡", fact = "licence:" + SocialSecurityCard, op = "absent" },
                    },
                },
            });
        }

        return new ConfiguredItem(item, licenceMaterial, commitmentMaterial, registryMaterials,
            item.RequiredUploads.Where(i => i != licenceMaterial && i != commitmentMaterial).ToList());
    }

    private static async Task PutOkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PutAsJsonAsync(url, body, Json.Options);
        Assert.True(response.IsSuccessStatusCode, $"PUT {url}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A registered citizen raised to assurance 2 (ID verified), optionally with a registry record.</summary>
    public static async Task<RealApplicant> ApplicantAsync(OneWindowApp app, bool realName = true, bool inRegistry = true, string birthDate = "1987-03-15", string region = "340104")
    {
        var citizen = await CitizenKit.RegisterAsync(app);
        if (realName)
        {
            await app.QueryAsync<IdentityDbContext, int>(db => db.Citizens.Where(c => c.Id == citizen.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AssuranceLevel, AssuranceLevel.IdVerified)));
        }

        if (inRegistry)
        {
            CertificateFreeApps.Registry.AddPerson(citizen.IdNumber, new Dictionary<string, string>
            {
                ["name"] = citizen.Name, ["gender"] = "男", ["birthDate"] = birthDate, ["householdRegion"] = region,
                ["householdAddress"] = "合肥市蜀山区长江西路 " + citizen.Id + " 号", ["maritalStatus"] = "已婚",
            });
        }

        return new RealApplicant(citizen, await CitizenKit.SignedInAsync(app, citizen));
    }

    public static async Task<long> DraftAsync(HttpClient client, long itemId)
    {
        var response = await Json.PostAsync(client, "/api/v1/cases/drafts", new { itemId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await Json.ReadAsync(response))["id"]!.GetValue<long>();
    }

    public static async Task AttachAsync(HttpClient client, long caseId, int materialIndex)
    {
        var fileId = await CaseKit.UploadAsync(client, CaseKit.Pdf(Guid.NewGuid().ToString()));
        var response = await Json.PostAsync(client, $"/api/v1/cases/{caseId}/materials", new { materialIndex, fileId, note = "扫描件" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task SaveAnswersAsync(HttpClient client, long caseId, JsonNode current, Dictionary<string, string?> changes)
    {
        var answers = current["answers"]!.AsObject().ToDictionary(a => a.Key, a => a.Value?.GetValue<string>());
        foreach (var (key, value) in changes)
        {
            answers[key] = value;
        }

        var response = await client.PutAsJsonAsync($"/api/v1/cases/{caseId}/draft", new { answers, deliveryMethod = "electronic" }, Json.Options);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Saves the answers, uploads a PDF for each material index and submits (asserting success).</summary>
    public static async Task FillAndSubmitAsync(HttpClient client, long caseId, Dictionary<string, string?> answers, IEnumerable<int> uploads)
    {
        await SaveAnswersAsync(client, caseId, await CaseKit.CaseAsync(client, caseId), answers);
        foreach (var index in uploads)
        {
            await AttachAsync(client, caseId, index);
        }

        var submitted = await SubmitAsync(client, caseId);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, long caseId) => Json.PostAsync(client, $"/api/v1/cases/{caseId}/submit", new { });

    public static List<JsonNode> Proofs(JsonNode c) => c["proofs"]!.AsArray().Select(p => p!).ToList();
}
