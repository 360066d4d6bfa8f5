using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.DataCatalog.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;

namespace OneWindow.Tests.DataCatalog;

/// <summary>Requests and people for the data catalogue tests, through the real API.</summary>
public static class DataCatalogTestKit
{
    public const string Api = "/api/v1/data-resources";

    /// <summary>A fresh classification (3 部门信息资源 + 5 random digits), so sequence numbers start at 1 in each test.</summary>
    public static string NewClassification() => "3" + Random.Shared.Next(0, 100_000).ToString("D5");

    public static object Body(string classification, string name = "测试资源", string sharingClass = SharingClasses.Unconditional, string? conditions = null,
        string? basis = null, object[]? items = null, string? subject = null, string[]? related = null, string? provider = null, int? days = null) => new
    {
        classification, name, providerDepartment = provider, summary = name + "的摘要", format = "database",
        items = items ?? [new { key = "idNumber", name = "公民身份号码", type = "string", mask = "id_number" }, new { key = "status", name = "状态", type = "string", mask = "none" }],
        subjectItem = subject, holding = ResourceHoldings.Table, sharingClass, sharingConditions = conditions, notSharedBasis = basis, sharingMethod = "api",
        openClass = OpenClasses.NotOpen, updateCycle = "daily", relatedCodes = related ?? [], decisionWorkingDays = days,
    };

    public static async Task<JsonNode> CreateAsync(HttpClient client, object body)
    {
        var response = await Json.PostAsync(client, Api, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    public static async Task<JsonNode> ActAsync(HttpClient client, string key, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Json.PostAsync(client, $"{Api}/{key}/{action}", body ?? new { });
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Json.ReadAsync(response);
    }

    public static async Task<JsonNode> UpdateAsync(HttpClient client, string key, object body)
    {
        var response = await client.PutAsJsonAsync($"{Api}/{key}/draft", body, Json.Options);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    /// <summary>A published resource of 民政局 (mz): created by its department admin, published by a data admin.</summary>
    public static async Task<(string Key, string Code)> PublishedAsync(OneWindowApp app, object body)
    {
        var editor = await EditorAsync(app);
        var created = await CreateAsync(editor, body);
        var submitted = await ActAsync(editor, created["key"]!.GetValue<string>(), "submit");
        var key = submitted["key"]!.GetValue<string>();
        await ActAsync(await ReviewerAsync(app), key, "publish");
        return (key, submitted["code"]!.GetValue<string>());
    }

    public static async Task<HttpClient> EditorAsync(OneWindowApp app, string department = "mz") =>
        (await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], department)).Client;

    public static async Task<HttpClient> ReviewerAsync(OneWindowApp app, string region = "340100", string department = "sj") =>
        (await app.SignInStaffAsync([StaffRoles.DataAdmin], department, region)).Client;

    public static async Task<SharedResource?> PublishedResourceAsync(OneWindowApp app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDataResourceCatalog>().PublishedAsync(code, default);
    }

    public static async Task<IReadOnlyDictionary<string, SharedResource>> PublishedManyAsync(OneWindowApp app, string[] codes)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDataResourceCatalog>().PublishedAsync(codes, default);
    }

    public static async Task<HttpClient> SystemAsync(OneWindowApp app, string scope, string department = "mz")
    {
        var departmentId = await app.QueryAsync<OneWindow.Catalog.Data.CatalogDbContext, long>(db => db.Departments.Where(d => d.Key == department).Select(d => d.Id).SingleAsync());
        var system = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [scope], departmentId: departmentId);
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await OidcTestKit.ClientTokenAsync(app.Anonymous(), system.Client.ClientId, system.Secret, scope));
        return client;
    }

    public static Task<int> AuditCountAsync(OneWindowApp app, string action, string targetId) => app.QueryAsync<DataCatalogDbContext, int>(db =>
        db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE action = {action} AND target_id = {targetId}").SingleAsync());
}
