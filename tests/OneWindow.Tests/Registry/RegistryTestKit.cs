using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Catalog.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;

namespace OneWindow.Tests.Registry;

/// <summary>Helpers for the registry tests: fresh valid codes, record submissions, the IBaseRegistry port, audit reads.</summary>
internal static class RegistryTestKit
{
    /// <summary>A valid citizen ID number nobody else uses (Hefei 蜀山区, a random birth date and sequence).</summary>
    public static string NewIdNumber(bool male = true)
    {
        var born = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 25000));
        var sequence = Random.Shared.Next(0, 500) * 2 + (male ? 1 : 0);
        var first17 = "340104" + born.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
        return first17 + CitizenIdNumber.CheckCharacter(first17);
    }

    /// <summary>A valid USCC nobody else uses.</summary>
    public static string NewCreditCode() =>
        UnifiedSocialCreditCode.Compose('9', '1', "340100", string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('0' + Random.Shared.Next(0, 10)))));

    public static string At(int daysAgo) => DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    public static object Record(string code, string observedAt, object fields) => new { code, observedAt, fields };

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string source, params object[] records) =>
        Json.PostAsync(client, $"/api/v1/registry/sources/{source}/records", new { records });

    public static async Task<JsonNode> SubmitOkAsync(HttpClient client, string source, params object[] records)
    {
        var response = await SubmitAsync(client, source, records);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync(response);
    }

    public static Task<HttpClient> DataAdminAsync(OneWindowApp app) => app.SignedInAsync(StaffRoles.DataAdmin, "sj");

    public static async Task<RegistryRecord?> PersonAsync(OneWindowApp app, string idNumber)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IBaseRegistry>().PersonAsync(idNumber, default);
    }

    public static async Task<RegistryRecord?> LegalPersonAsync(OneWindowApp app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IBaseRegistry>().LegalPersonAsync(code, default);
    }

    /// <summary>Open conflicts of one entity and field, from the API (all pages).</summary>
    public static async Task<List<JsonNode>> ConflictsAsync(HttpClient client, string maskedOrCode, string field, string status = "open")
    {
        var found = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var page = await Json.GetAsync(client, $"/api/v1/registry/conflicts?status={status}&pageSize=200" + (cursor == null ? "" : "&after=" + cursor));
            found.AddRange(page["items"]!.AsArray().Where(c => c!["maskedCode"]!.GetValue<string>() == maskedOrCode && c["field"]!.GetValue<string>() == field)!);
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor != null);
        return found;
    }

    public static string Masked(string idNumber) => CitizenIdNumber.Mask(idNumber);

    public static Task<long> DepartmentIdAsync(OneWindowApp app, string key) =>
        app.QueryAsync<CatalogDbContext, long>(db => db.Departments.Where(d => d.Key == key).Select(d => d.Id).SingleAsync());

    /// <summary>A department system's bearer client: registered for the department with the given scopes.</summary>
    public static async Task<HttpClient> DepartmentSystemAsync(OneWindowApp app, string departmentKey, params string[] scopes)
    {
        var registered = await OidcTestKit.CreateClientAsync(app.Services, grants: [OidcScopes.ClientCredentials], scopes: scopes,
            redirects: [], postLogout: [], departmentId: await DepartmentIdAsync(app, departmentKey));
        var http = app.Anonymous();
        var token = await OidcTestKit.ClientTokenAsync(http, registered.Client.ClientId, registered.Secret, string.Join(' ', scopes));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<List<(string Action, string Summary)>> AuditAsync(OneWindowApp app, string action, string targetId) =>
        app.QueryAsync<AuditDbContext, List<(string, string)>>(async db =>
            (await db.Entries.Where(e => e.Action == action && e.TargetId == targetId).Select(e => new { e.Action, e.Summary }).ToListAsync())
            .Select(e => (e.Action, e.Summary)).ToList());
}
