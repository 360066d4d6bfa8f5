using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Licences.Data;
using OneWindow.Licences.Features.Issuing;
using OneWindow.Licences.Features.Verification;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Organisation;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Licences;

internal static class LicencesTestKit
{
    public static async Task<long> DepartmentIdAsync(OneWindowApp app, string key)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IOrganisationDirectory>().DepartmentByKeyAsync(key, default))!.Id;
    }

    /// <summary>Issues through the port inside a transaction of the licences context, committed.</summary>
    public static async Task<HeldLicence> IssueAsync(OneWindowApp app, string holderCode, string type = "居民户口簿", string department = "ga",
        string? holderName = null, string codeType = "111", DateOnly? issuedOn = null, Dictionary<string, string>? data = null, string? reference = null)
    {
        var departmentId = await DepartmentIdAsync(app, department);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LicencesDbContext>();
        var library = scope.ServiceProvider.GetRequiredService<ILicenceLibrary>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var held = await library.IssueWithinAsync(db, new LicenceIssue(type, holderName ?? "测试持证人", holderCode, codeType, departmentId,
            reference ?? "test:" + Guid.NewGuid().ToString("N"), issuedOn ?? new DateOnly(2025, 1, 10),
            data ?? new Dictionary<string, string> { ["householdHead"] = "测试户主", ["relation"] = "户主", ["householdRegion"] = "340104", ["address"] = "合肥市测试路1号" }), default);
        await tx.CommitAsync();
        return held;
    }

    public static async Task<string> PayloadAsync(OneWindowApp app, string identifier) =>
        await app.QueryAsync<LicencesDbContext, string>(async db => OneWindow.Licences.Features.Holding.HolderLicences.PayloadOf(await db.Licences.SingleAsync(l => l.Identifier == identifier)));

    public static async Task<(string Status, string Reason)> VerifyAsync(HttpClient client, string? identifier = null, string? payload = null)
    {
        var response = await Json.PostAsync(client, "/api/v1/licences/verify", new { identifier, payload });
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return (body["status"]!.GetValue<string>(), body["reason"]!.GetValue<string>());
    }

    /// <summary>The in-process verifier, for checks repeated hundreds of times (every byte of a payload).</summary>
    public static async Task<LicenceCheck> VerifyPayloadInProcessAsync(OneWindowApp app, string payload)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LicenceVerifier>().ByPayloadAsync(payload, default);
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string url, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body != null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options);
        }

        return request;
    }

    public static async Task<JsonNode> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }
}
