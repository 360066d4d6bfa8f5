using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>Life-event (一件事) helpers: item forms that the facts map onto, the plan, and a complete application.</summary>
public static class LifeEventKit
{
    public const string Company = "company-start";
    public const string Newborn = "newborn";

    /// <summary>Gives the company-start items forms of their own (the same JSON every time, so tests may repeat it):
    /// 设立登记 asks the company facts plus 经营范围; 发票领用 names the company "enterpriseName" and asks 发票种类.</summary>
    public static Task SetCompanyFormsAsync(OneWindowApp app, JsonNode plan) =>
        // Once per app: two first saves of the same item's form racing each other would both insert its setup row.
        FormsSet.GetOrAdd(app, a => new Lazy<Task>(() => PutCompanyFormsAsync(a, plan))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<OneWindowApp, Lazy<Task>> FormsSet = new();

    private static async Task PutCompanyFormsAsync(OneWindowApp app, JsonNode plan)
    {
        var items = plan["items"]!.AsArray();
        var gs = items.First(i => i!["name"]!.GetValue<string>().StartsWith("有限责任公司", StringComparison.Ordinal))!["itemId"]!.GetValue<long>();
        var ds = items.First(i => i!["name"]!.GetValue<string>().StartsWith("发票领用", StringComparison.Ordinal))!["itemId"]!.GetValue<long>();
        await PutFormAsync(await app.SignedInAsync("editor", "gs"), gs, new object[]
        {
            new { key = "companyName", label = "企业名称", type = "text", required = true },
            new { key = "legalRepresentative", label = "法定代表人", type = "text", required = true },
            new { key = "registeredCapital", label = "注册资本（万元）", type = "number", required = true },
            new { key = "address", label = "住所", type = "text", required = true },
            new { key = "businessScope", label = "经营范围", type = "textarea", required = true },
            new { key = "contactPhone", label = "联系电话", type = "phone", required = true },
        });
        await PutFormAsync(await app.SignedInAsync("editor", "ds"), ds, new object[]
        {
            new { key = "enterpriseName", label = "纳税人名称", type = "text", required = true },
            new { key = "invoiceType", label = "发票种类", type = "select", required = true, options = new[] { new { value = "普通发票", label = "增值税普通发票" }, new { value = "专用发票", label = "增值税专用发票" } } },
            new { key = "contactPhone", label = "联系电话", type = "phone", required = true },
        });
    }

    private static async Task PutFormAsync(HttpClient editor, long itemId, object[] fields)
    {
        var body = new { definition = new { sections = new[] { new { key = "main", title = "申请信息", fields } } } };
        var saved = await editor.PutAsync($"/api/v1/cases/items/{itemId}/form", JsonContent.Create(body, options: Json.Options));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
    }

    public static Task<JsonNode> PlanAsync(HttpClient client, string key) => Json.GetAsync(client, $"/api/v1/life-events/{key}");

    public static Dictionary<string, string?> CompanyAnswers() => new()
    {
        ["companyName"] = "合肥明远科技有限公司",
        ["legalRepresentative"] = "张晓明",
        ["registeredCapital"] = "100",
        ["address"] = "合肥市蜀山区长江西路 1 号",
        ["employees"] = "3",
        ["contactPhone"] = "13912345678",
        ["businessScope"] = "软件开发；信息技术咨询服务",
        ["invoiceType"] = "普通发票",
    };

    /// <summary>One upload per required uploadable merged material (plus the optional business licence, index given).</summary>
    public static async Task<List<object>> UploadMaterialsAsync(HttpClient applicant, JsonNode plan, params string[] alsoOptional)
    {
        var materials = new List<object>();
        foreach (var m in plan["materials"]!.AsArray())
        {
            var name = m!["name"]!.GetValue<string>();
            if (m["uploadable"]!.GetValue<bool>() && (m["required"]!.GetValue<bool>() || alsoOptional.Contains(name)))
            {
                materials.Add(new { materialIndex = m["index"]!.GetValue<int>(), fileId = await CaseKit.UploadAsync(applicant, CaseKit.Pdf(Guid.NewGuid().ToString())), note = name });
            }
        }

        return materials;
    }

    public static async Task<HttpResponseMessage> ApplyAsync(HttpClient applicant, string key, Dictionary<string, string?> answers, List<object> materials, string idempotencyKey,
        string delivery = "post")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/life-events/{key}/applications")
        {
            Content = JsonContent.Create(new { answers, deliveryMethod = delivery, deliveryAddress = delivery == "post" ? "合肥市蜀山区长江西路 1 号" : null, materials }, options: Json.Options),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await applicant.SendAsync(request);
    }

    public static async Task<JsonNode> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }
}
