using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Catalog;

/// <summary>Helpers for the back-office tests: posting forms with their antiforgery token, reading the database,
/// and making a department of one's own so counts are not disturbed by other tests.</summary>
public static class AdminTestKit
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await OneWindowApp.AntiforgeryTokenAsync(client, page);
        return await client.PostAsync(action, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields]));
    }

    public static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static Task<T> DbAsync<T>(OneWindowApp app, Func<CatalogDbContext, Task<T>> query) => app.QueryAsync(query);

    public static Task<Department> NewDepartmentAsync(OneWindowApp app, string regionCode = "340100") => DbAsync(app, async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var department = db.Departments.Add(new Department
        {
            Key = "t" + suffix.ToLowerInvariant(), Name = "测试部门" + suffix, NameEn = "Test " + suffix, CreditCode = "11340100" + suffix,
            RegionCode = regionCode, SortOrder = 999,
        }).Entity;
        await db.SaveChangesAsync();
        return department;
    });

    public static Task<long> DepartmentIdAsync(OneWindowApp app, string key) => DbAsync(app, db => db.Departments.Where(d => d.Key == key).Select(d => d.Id).FirstAsync());

    /// <summary>The form fields the create/edit pages post for a guide.</summary>
    public static List<KeyValuePair<string, string>> FormFields(ItemGuide g)
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var f = new List<KeyValuePair<string, string>>
        {
            new("Form.BaseCode", g.BaseCode), new("Form.Name", g.Name), new("Form.ItemType", g.ItemType), new("Form.ExerciseLevel", I(g.ExerciseLevel)),
            new("Form.SubjectNature", I(g.SubjectNature)), new("Form.ExerciseContent", g.ExerciseContent), new("Form.Topics", string.Join("、", g.Topics)),
            new("Form.Keywords", string.Join("、", g.Keywords)), new("Form.Summary", g.Summary), new("Form.AcceptanceConditions", g.AcceptanceConditions),
            new("Form.StatutoryDays", I(g.StatutoryDays)), new("Form.PromisedDays", I(g.PromisedDays)), new("Form.TimeLimitNote", g.TimeLimitNote),
            new("Form.CaseType", I(g.CaseType)), new("Form.FeeStandard", g.Fee.Standard), new("Form.FeeBasis", g.Fee.Basis),
            new("Form.OnlineDepth", I(g.OnlineDepth)), new("Form.Visits", I(g.Visits)), new("Form.ConsultPhone", g.ConsultPhone),
            new("Form.ComplaintPhone", g.ComplaintPhone), new("Form.QuantityLimit", g.QuantityLimit), new("Form.Intermediary", g.Intermediary),
            new("Form.JointDepartments", string.Join("、", g.JointDepartments)), new("Form.SpecialProcedures", g.SpecialProcedures), new("Form.Scope", g.Scope),
            new("Form.ResultName", g.Result.Name), new("Form.ResultKind", g.Result.Kind), new("Form.ResultLicenceType", g.Result.LicenceType ?? ""),
        };
        if (g.Appointment) f.Add(new("Form.Appointment", "true"));
        if (g.Fee.Charged) f.Add(new("Form.FeeCharged", "true"));
        f.AddRange(g.Targets.Select(t => new KeyValuePair<string, string>("Form.Targets", I(t))));
        f.AddRange(g.Channels.Select(c => new KeyValuePair<string, string>("Form.Channels", I(c))));
        for (var i = 0; i < g.LegalBasis.Count; i++)
        {
            f.AddRange([new($"Form.LegalBasis[{i}].Law", g.LegalBasis[i].Law), new($"Form.LegalBasis[{i}].Article", g.LegalBasis[i].Article), new($"Form.LegalBasis[{i}].Text", g.LegalBasis[i].Text)]);
        }

        for (var i = 0; i < g.Materials.Count; i++)
        {
            var m = g.Materials[i];
            f.AddRange([new($"Form.Materials[{i}].Name", m.Name), new($"Form.Materials[{i}].Issuer", m.Issuer), new($"Form.Materials[{i}].Originals", I(m.Originals)),
                new($"Form.Materials[{i}].Copies", I(m.Copies)), new($"Form.Materials[{i}].Form", m.Form), new($"Form.Materials[{i}].Note", m.Note)]);
            if (m.Required) f.Add(new($"Form.Materials[{i}].Required", "true"));
            f.Add(new($"Form.Materials[{i}].Required", "false"));
        }

        for (var i = 0; i < g.Steps.Count; i++)
        {
            f.AddRange([new($"Form.Steps[{i}].Name", g.Steps[i].Name), new($"Form.Steps[{i}].Description", g.Steps[i].Description), new($"Form.Steps[{i}].Days", I(g.Steps[i].Days))]);
        }

        for (var i = 0; i < g.Locations.Count; i++)
        {
            f.AddRange([new($"Form.Locations[{i}].Name", g.Locations[i].Name), new($"Form.Locations[{i}].Address", g.Locations[i].Address), new($"Form.Locations[{i}].Hours", g.Locations[i].Hours)]);
        }

        for (var i = 0; i < g.Faq.Count; i++)
        {
            f.AddRange([new($"Form.Faq[{i}].Q", g.Faq[i].Q), new($"Form.Faq[{i}].A", g.Faq[i].A)]);
        }

        return f;
    }

    /// <summary>Polls the job API until the job has finished (or two minutes have passed: a busy machine is slow).</summary>
    public static async Task<System.Text.Json.Nodes.JsonNode> WaitForJobAsync(HttpClient client, long jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var job = await Json.GetAsync(client, $"/api/v1/catalog/import/{jobId}");
            if (!job["running"]!.GetValue<bool>())
            {
                return job;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Import job {jobId} did not finish");
    }

    public static string Serialize(object value) => JsonSerializer.Serialize(value, ItemGuide.JsonOptions);
}
