using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>A published demo item a test applies for, with the indexes of the materials it must upload.</summary>
public sealed record TestItem(long Id, string Name, long DepartmentId, IReadOnlyList<int> RequiredUploads, int MaterialCount);

/// <summary>Applicants and officers for case tests, through the real APIs.</summary>
public static class CaseKit
{
    /// <summary>Slots in the shared apps: 0 default process (many tests), 1 and 2 parallel processes (flow, refusal),
    /// 3 and 4 the staff setup pages, -1 suspended and resumed.
    /// The n-th published item of a department that asks for at least one uploadable material (tests that
    /// change an item's process take a slot of their own so they do not disturb each other; -1 is the last one, for a
    /// test that suspends its item: the items before it keep their slots).</summary>
    public static async Task<TestItem> ItemAsync(OneWindowApp app, string departmentKey, int slot)
    {
        var rows = await app.QueryAsync<CatalogDbContext, List<(long Id, long DepartmentId, string Json)>>(async db =>
            (await (from i in db.ServiceItems
                    join d in db.Departments on i.DepartmentId equals d.Id
                    join v in db.ItemVersions on new { ItemId = i.Id, No = i.PublishedVersion!.Value } equals new { ItemId = v.ServiceItemId, No = v.VersionNo }
                    where d.Key == departmentKey && i.Publication == PublicationState.Published
                    orderby i.Id
                    select new { i.Id, i.DepartmentId, v.GuideJson }).ToListAsync()).Select(x => (x.Id, x.DepartmentId, x.GuideJson)).ToList());
        var items = rows.Select(r => (r.Id, r.DepartmentId, Guide: ItemGuide.FromJson(r.Json)))
            .Where(r => r.Guide.Materials.Any(m => m.Required && m.Form != "paper"))
            .Select(r => new TestItem(r.Id, r.Guide.Name, r.DepartmentId,
                r.Guide.Materials.Select((m, i) => (m, i)).Where(x => x.m.Required && x.m.Form != "paper").Select(x => x.i).ToList(), r.Guide.Materials.Count))
            .ToList();
        return slot < 0 ? items[^1] : items[slot % items.Count];
    }

    public static async Task<(TestCitizen Citizen, HttpClient Client)> ApplicantAsync(OneWindowApp app)
    {
        var citizen = await CitizenKit.RegisterAsync(app);
        return (citizen, await CitizenKit.SignedInAsync(app, citizen));
    }

    /// <summary>A tiny but well-formed PDF (header, one empty page, trailer, %%EOF); <paramref name="tag"/> makes the bytes unique.</summary>
    public static byte[] Pdf(string tag) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% " + tag + "\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static async Task<long> UploadAsync(HttpClient client, byte[] content, string fileName = "material.pdf")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/api/v1/files", form);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Json.ReadAsync(response))["id"]!.GetValue<long>();
    }

    /// <summary>Uploads one PDF per required material and submits with the one-call API.</summary>
    public static async Task<JsonNode> ApplyAsync(HttpClient client, TestItem item, string? key = null, string delivery = "pickup")
    {
        var response = await PostApplicationAsync(client, item, key ?? Guid.NewGuid().ToString("N"), delivery);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    public static async Task<HttpResponseMessage> PostApplicationAsync(HttpClient client, TestItem item, string key, string delivery = "pickup", bool withMaterials = true)
    {
        var materials = new List<object>();
        if (withMaterials)
        {
            foreach (var index in item.RequiredUploads)
            {
                materials.Add(new { materialIndex = index, fileId = await UploadAsync(client, Pdf(Guid.NewGuid().ToString())), note = "扫描件" });
            }
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases")
        {
            Content = JsonContent.Create(new
            {
                itemId = item.Id,
                answers = new Dictionary<string, string> { ["contactPhone"] = "13912345678", ["remarks"] = "网上申请" },
                deliveryMethod = delivery,
                deliveryAddress = delivery == "post" ? "合肥市蜀山区长江西路 1 号" : null,
                materials,
            }, options: Json.Options),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>A staff member with exactly this case-handling role in the department (SignedInAsync would read
    /// "reviewer" as the catalogue reviewer).</summary>
    public static async Task<HttpClient> StaffAsync(OneWindowApp app, string role, string departmentKey) =>
        (await app.SignInStaffAsync([role], departmentKey)).Client;

    public static async Task<JsonNode> CaseAsync(HttpClient client, long id) => await Json.GetAsync(client, $"/api/v1/cases/{id}");

    public static async Task<int> RevisionAsync(HttpClient client, long id) => (await CaseAsync(client, id))["revision"]!.GetValue<int>();

    public static async Task<HttpResponseMessage> ActAsync(HttpClient client, string path, object body) => await Json.PostAsync(client, path, body);

    /// <summary>The open tasks of the case, read from the staff view of the case.</summary>
    public static async Task<List<JsonNode>> OpenTasksAsync(HttpClient staff, long id) =>
        (await CaseAsync(staff, id))["tasks"]!.AsArray().Where(t => t!["state"]!.GetValue<string>() == "open").Select(t => t!).ToList();

    public static Task<int> HistoryCountAsync(OneWindowApp app, long caseId) =>
        app.QueryAsync<CasesDbContext, int>(db => db.History.CountAsync(h => h.CaseId == caseId));

    public static Task<long> DepartmentIdAsync(OneWindowApp app, string key) =>
        app.QueryAsync<CatalogDbContext, long>(db => db.Departments.Where(d => d.Key == key).Select(d => d.Id).SingleAsync());
}
