using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;

namespace OneWindow.Tests.Exchange;

/// <summary>A consumer department's system: its client id and a client-credentials token with exchange.call.</summary>
public sealed record ConsumerSystem(string ClientId, string Token, long DepartmentId)
{
    public HttpClient Http(OneWindowApp app)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }
}

/// <summary>Helpers of the exchange tests: departments' administrators, client systems, resources, requests and calls.</summary>
internal static class ExchangeTestKit
{
    /// <summary>A department administrator of a fresh test department (its own key, region 340100).</summary>
    public static async Task<(StaffSession Staff, long DepartmentId, string Key)> DepartmentAdminAsync(OneWindowApp app, string? key = null)
    {
        key ??= "x" + Guid.NewGuid().ToString("N")[..8];
        var staff = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], key);
        return (staff, await OidcTestKit.DepartmentIdAsync(app.Services, key), key);
    }

    public static async Task<ConsumerSystem> SystemAsync(OneWindowApp app, long departmentId, params string[] scopes)
    {
        var client = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], scopes.Length == 0 ? [ExchangeScopes.Call] : scopes, departmentId: departmentId);
        var token = await OidcTestKit.ClientTokenAsync(app.Anonymous(), client.Client.ClientId, client.Secret);
        return new ConsumerSystem(client.Client.ClientId, token, departmentId);
    }

    public static JsonObject Request(string resourceCode, string[] items, string[] clients, string[]? clear = null, string rowScope = "all", string? rowRegion = null,
        string? validFrom = null, string? validUntil = null) => new()
    {
        ["resourceCode"] = resourceCode,
        ["purpose"] = "办理户籍迁入业务，核验申请人身份",
        ["legalBasis"] = "《户口登记条例》第十条",
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        ["clearItems"] = new JsonArray((clear ?? []).Select(i => (JsonNode)i).ToArray()),
        ["rowScope"] = rowScope,
        ["rowRegion"] = rowRegion,
        ["clientIds"] = new JsonArray(clients.Select(i => (JsonNode)i).ToArray()),
        ["validFrom"] = validFrom,
        ["validUntil"] = validUntil,
    };

    public static async Task<JsonNode> RequestGrantAsync(HttpClient staff, JsonObject body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Json.PostAsync(staff, "/api/v1/data-grants", body);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync(response);
    }

    /// <summary>The log entries of a grant's calls, oldest first, read back through the log reader.</summary>
    public static async Task<List<OneWindow.Exchange.Log.ExchangeLogEntry>> LoggedAsync(OneWindowApp app, long grantId)
    {
        var ids = await app.QueryAsync<OneWindow.Exchange.Log.ExchangeLogDbContext, List<long>>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Entries.Where(e => e.GrantId == grantId).OrderBy(e => e.Id).Select(e => e.Id)));
        var entries = new List<OneWindow.Exchange.Log.ExchangeLogEntry>();
        foreach (var id in ids)
        {
            entries.Add(await EntryAsync(app, id));
        }

        return entries;
    }

    public static async Task<OneWindow.Exchange.Log.ExchangeLogEntry> EntryAsync(OneWindowApp app, long logId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var call = await scope.ServiceProvider.GetRequiredService<OneWindow.Exchange.Log.IExchangeLogReader>().FindAsync(logId, default);
        return (call ?? throw new InvalidOperationException($"No log entry {logId}")).Entry;
    }

    public static async Task<HttpResponseMessage> QueryAsync(OneWindowApp app, ConsumerSystem system, string code, object body) =>
        await Json.PostAsync(system.Http(app), $"/api/v1/exchange/{DataResourceCodes.ToUrl(code)}/query", body);
}
