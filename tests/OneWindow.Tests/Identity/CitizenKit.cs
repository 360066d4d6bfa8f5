using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.IdentityTestData;

namespace OneWindow.Tests.Identity;

/// <summary>A registered citizen for a test: their own ID number, password and account id.</summary>
public sealed record TestCitizen(long Id, string Name, string IdNumber, string Password)
{
    public string Subject => "citizen:" + Id;
}

/// <summary>Citizen journeys through the real pages: registration by API, form posts with antiforgery tokens, codes
/// read from the test hosts' capturing sender (the phone, in effect).</summary>
public static partial class CitizenKit
{
    public const string Password = "correct horse 42";

    public static async Task<TestCitizen> RegisterAsync(OneWindowApp app, string? name = null)
    {
        var number = NewIdNumber();
        name ??= NewName();
        var response = await Json.PostAsync(app.Anonymous(), "/api/v1/citizens", Citizen(name, number, "13912345678", Password));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json.ReadAsync(response);
        return new TestCitizen(body["id"]!.GetValue<long>(), name, number, Password);
    }

    /// <summary>GETs the page for its antiforgery token, then POSTs the form (optionally to a named handler).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? handler = null, string? tokenPage = null)
    {
        fields["__RequestVerificationToken"] = await OneWindowApp.AntiforgeryTokenAsync(client, tokenPage ?? path);
        var target = handler == null ? path : path + (path.Contains('?') ? "&" : "?") + "handler=" + handler;
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string idNumber, string password) =>
        PostFormAsync(client, "/signin", new() { ["IdNumber"] = idNumber, ["Password"] = password });

    /// <summary>A client with a full session of the citizen (no second factor bound).</summary>
    public static async Task<HttpClient> SignedInAsync(OneWindowApp app, TestCitizen citizen)
    {
        var client = app.Anonymous();
        var response = await SignInAsync(client, citizen.IdNumber, citizen.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The code in the newest message to the citizen (the test hosts' capturing sender).</summary>
    public static Task<string> LatestCodeAsync(OneWindowApp app, TestCitizen citizen)
    {
        var body = app.Messages.Latest(citizen.Subject)?.Body ?? throw new InvalidOperationException($"No message was sent to {citizen.Subject}");
        return Task.FromResult(SixDigits().Match(body).Value);
    }

    public static async Task<int> AuditCountAsync(OneWindowApp app, string action, string targetId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        // Staff sign-ins write the same identity.signin.* actions, and staff ids overlap citizen ids: not theirs.
        return await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE action = {action} AND target_id = {targetId} AND target_type <> 'staff'").SingleAsync();
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();
}
