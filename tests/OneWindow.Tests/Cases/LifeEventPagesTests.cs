using System.Net;
using System.Net.Http.Headers;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>The life-event pages through real HTTP with antiforgery tokens: list, guide, the merged application form
/// (draft saved on every button, errors next to fields, each material once), the combined status, and the staff view.</summary>
public abstract class LifeEventPagesTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task Apply_once_on_the_page_with_errors_next_to_fields_then_see_the_combined_status()
    {
        var app = await App();
        var anonymous = app.Anonymous();
        var plan = await LifeEventKit.PlanAsync(anonymous, LifeEventKit.Company);
        await LifeEventKit.SetCompanyFormsAsync(app, plan);
        plan = await LifeEventKit.PlanAsync(anonymous, LifeEventKit.Company);
        Assert.Contains("企业开办一件事", await anonymous.GetStringAsync("/life-events"));
        var guide = await anonymous.GetStringAsync("/life-events/company-start");
        Assert.Contains("发票领用", guide);
        Assert.Contains("id=\"apply-online\"", guide);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/life-events/no-such-event")).StatusCode);

        var (_, client) = await CaseKit.ApplicantAsync(app);
        Assert.Contains("一次提交", await client.GetStringAsync("/life-events/company-start/apply"));

        var refused = await PostAsync(client, new() { ["Answers[companyName]"] = "合肥明远科技有限公司", ["DeliveryMethod"] = "pickup", ["Action"] = "submit" }, []);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"f-legalRepresentative-error\"", html);
        Assert.Contains("id=\"f-businessScope-error\"", html);
        var uploads = plan["materials"]!.AsArray().Where(m => m!["required"]!.GetValue<bool>() && m["uploadable"]!.GetValue<bool>()).Select(m => m!["index"]!.GetValue<int>()).ToList();
        Assert.All(uploads, i => Assert.Contains($"id=\"material-{i}-error\"", html));
        Assert.Contains("value=\"合肥明远科技有限公司\"", await client.GetStringAsync("/life-events/company-start/apply"));

        var fields = LifeEventKit.CompanyAnswers().ToDictionary(a => $"Answers[{a.Key}]", a => a.Value!);
        fields["DeliveryMethod"] = "pickup";
        fields["Action"] = "save";
        var saved = await PostAsync(client, fields, uploads);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        fields["Action"] = "submit";
        var submitted = await PostAsync(client, fields, []);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var location = submitted.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/life-events/", location);

        var status = await client.GetStringAsync(location);
        Assert.Contains("id=\"bundle-cases\"", status);
        Assert.Contains("有限责任公司设立登记", status);
        Assert.Contains("就业登记", status);
        Assert.Contains("办理中", status);
        Assert.Contains("id=\"my-life-events\"", await client.GetStringAsync("/account/cases"));
        var id = location["/account/life-events/".Length..].Split('?')[0];

        var (_, other) = await CaseKit.ApplicantAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/account/life-events/{id}")).StatusCode);
        var gsWindow = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "gs");
        Assert.Contains("id=\"bundle-cases\"", await gsWindow.GetStringAsync($"/admin/life-events/{id}"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> fields, IReadOnlyList<int> uploads)
    {
        const string page = "/life-events/company-start/apply";
        using var form = new MultipartFormDataContent { { new StringContent(await OneWindowApp.AntiforgeryTokenAsync(client, page)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        // The draft id the page carries in a hidden field.
        var html = await client.GetStringAsync(page);
        var marker = "name=\"DraftId\" value=\"";
        if (html.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 && html[(at + marker.Length)..].Split('"')[0] is { Length: > 0 } draft)
        {
            form.Add(new StringContent(draft), "DraftId");
        }

        foreach (var index in uploads)
        {
            var content = new ByteArrayContent(CaseKit.Pdf(Guid.NewGuid().ToString()));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "upload" + index, $"m{index}.pdf");
        }

        return await client.PostAsync(page, form);
    }
}

[Trait("Database", "Sqlite")]
public sealed class LifeEventPagesTestsOnSqlite() : LifeEventPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class LifeEventPagesTestsOnPostgres() : LifeEventPagesTests(DbKind.Postgres);
