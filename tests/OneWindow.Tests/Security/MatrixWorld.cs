using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Licences.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Registry.Data;
using OneWindow.Shared.Security;
using OneWindow.Tests.Cases;
using OneWindow.Tests.Catalog;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Security;

/// <summary>
/// The people and systems of the authorization matrix, each with a client of their own, and the data they act on,
/// built through the real sign-in forms, token endpoint and APIs. Department 公安局 (ga, 合肥市 340100) is "own";
/// 民政局 (mz) is another department; a department of 芜湖市 (340200) is another region.
/// </summary>
public sealed record MatrixWorld(
    OneWindowApp App,
    IReadOnlyDictionary<string, HttpClient> Principals,
    long CaseId, long CaseMaterialId, long TaskId, long DraftId, long DraftMaterialId, long FileId, long ItemId, string ImplementationCode,
    long HallId, string AppointmentCode, long VictimStaffId, long GaDepartmentId, string LicenceIdentifier, string PersonIdNumber,
    string LegalPersonCode, string RegistrySourceKey, long SubscriptionId, long ApiKeyId, long OidcClientId, string OidcClientKey, string OidcClientSecret)
{
    public const string Anon = "anon", A = "citizenA", B = "citizenB", Agent = "agent", Revoked = "revokedAgent", WinOwn = "windowOwn",
        WinOther = "windowOtherDept", RevOther = "reviewerOtherDept", SupOther = "supervisorOtherRegion", Admin = "adminSession",
        AdminToken = "adminNarrowToken", ApiKey = "apiKeyOfA";

    /// <summary>A department system of ga whose client-credentials token holds exactly this one scope.</summary>
    public static string Client(string scope) => "client:" + scope;

    public static async Task<MatrixWorld> BuildAsync(OneWindowApp app)
    {
        var principals = new Dictionary<string, HttpClient> { [Anon] = app.Anonymous() };
        var ga = await CaseKit.DepartmentIdAsync(app, "ga");
        var item = await CaseKit.ItemAsync(app, "ga", 0);

        // Citizens: A applies (a submitted case, accepted by ga's window) and keeps a draft with one attachment.
        var (_, a) = await CaseKit.ApplicantAsync(app);
        var (_, b) = await CaseKit.ApplicantAsync(app);
        principals[A] = a;
        principals[B] = b;
        var caseId = (await CaseKit.ApplyAsync(a, item))["id"]!.GetValue<long>();
        var fileId = await CaseKit.UploadAsync(a, CaseKit.Pdf("matrix-" + Guid.NewGuid()));
        var draft = await Json.PostAsync(a, "/api/v1/cases/drafts", new { itemId = item.Id });
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        var draftId = (await Json.ReadAsync(draft))["id"]!.GetValue<long>();
        var attach = await Json.PostAsync(a, $"/api/v1/cases/{draftId}/materials", new { materialIndex = item.RequiredUploads[0], fileId });
        Assert.True(attach.IsSuccessStatusCode, await attach.Content.ReadAsStringAsync());
        var draftMaterial = (await CaseKit.CaseAsync(a, draftId))["materials"]!.AsArray()[0]!["id"]!.GetValue<long>();
        var caseMaterial = (await CaseKit.CaseAsync(a, caseId))["materials"]!.AsArray()[0]!["id"]!.GetValue<long>();

        // Staff: own department's window officer accepts A's case; the others sit elsewhere.
        principals[WinOwn] = (await app.SignInStaffAsync([StaffRoles.WindowOfficer], "ga")).Client;
        var accepted = await CaseKit.ActAsync(principals[WinOwn], $"/api/v1/cases/{caseId}/accept", new { revision = await CaseKit.RevisionAsync(principals[WinOwn], caseId) });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        principals[WinOther] = (await app.SignInStaffAsync([StaffRoles.WindowOfficer], "mz")).Client;
        principals[RevOther] = (await app.SignInStaffAsync([StaffRoles.Reviewer], "mz")).Client;
        var otherCity = await AdminTestKit.NewDepartmentAsync(app, "340200");
        principals[SupOther] = (await app.SignInStaffAsync([StaffRoles.Supervisor], otherCity.Key, "340200")).Client;
        var adminSession = await app.SignInStaffAsync([StaffRoles.PlatformAdmin], "sj");
        principals[Admin] = adminSession.Client;
        var taskId = (await CaseKit.CaseAsync(principals[Admin], caseId))["tasks"]!.AsArray().First(t => t!["state"]!.GetValue<string>() != "done")!["id"]!.GetValue<long>();
        var victim = await app.SignInStaffAsync([StaffRoles.WindowOfficer], "ga");

        // Enterprise agents: one acting now, one whose authorization the enterprise then revoked (their session stays).
        var owner = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var enterprise = await EnterpriseAgentTests.RegisterEnterpriseAsync(app, ownerClient, owner.Name, "矩阵测试有限公司" + Guid.NewGuid().ToString("N")[..6]);
        principals[Agent] = await ActingAgentAsync(app, ownerClient, enterprise);
        var revoked = await RegisterAsync(app);
        principals[Revoked] = await ActingAgentAsync(app, ownerClient, enterprise, revoked);
        var memberId = await app.QueryAsync<IdentityDbContext, long>(db => db.EnterpriseMembers.Where(m => m.EnterpriseId == enterprise && m.CitizenId == revoked.Id).Select(m => m.Id).SingleAsync());
        var revoke = await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["memberId"] = memberId.ToString() }, "Revoke");
        Assert.True((int)revoke.StatusCode is 302 or 200, $"revoke → {(int)revoke.StatusCode}");

        // A platform admin signed in to a department system that asked for `openid` only.
        var adminForToken = await app.SignInStaffAsync([StaffRoles.PlatformAdmin], "sj");
        var rp = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.AuthorizationCode], [OidcScopes.OpenId]);
        var tokens = await OidcTestKit.SignInTokensAsync(adminForToken.Client, app.Anonymous(), rp.Client.ClientId, rp.Secret, "https://test.example/callback", "openid");
        principals[AdminToken] = WithBearer(app, tokens["access_token"]!.GetValue<string>());

        // One department system of ga per registered scope, each token holding that scope alone.
        foreach (var scope in app.Services.GetRequiredService<ApiScopeCatalog>().All.Select(s => s.Name))
        {
            var system = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [scope], departmentId: ga);
            principals[Client(scope)] = WithBearer(app, await OidcTestKit.ClientTokenAsync(app.Anonymous(), system.Client.ClientId, system.Secret, scope));
        }

        // An API key of A (no scope: today's modules register none an API key may hold).
        var created = await Json.PostAsync(a, "/api/v1/api-keys", new { name = "矩阵", scopes = Array.Empty<string>() });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var keyBody = await Json.ReadAsync(created);
        var keyClient = app.Anonymous();
        keyClient.DefaultRequestHeaders.Add(PlatformAuthentication.ApiKeyHeader, keyBody["key"]!.GetValue<string>());
        principals[ApiKey] = keyClient;

        // A registered department system the client-administration rows act on (none of the callers uses it).
        var administered = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [OidcScopes.CatalogRead], departmentId: ga);

        // A webhook subscription of the webhooks.manage system; an appointment of A; registry and licence samples of ga.
        var subscription = await Json.PostAsync(principals[Client("webhooks.manage")], "/api/v1/webhooks/subscriptions",
            new { url = "https://hooks.example/ow", eventTypes = new[] { "case." } });
        Assert.True(subscription.IsSuccessStatusCode, await subscription.Content.ReadAsStringAsync());
        var subscriptionId = (await Json.ReadAsync(subscription))["subscription"]!["id"]!.GetValue<long>();
        var hall = (await Json.GetAsync(a, "/api/v1/halls")).AsArray()[0]!["id"]!.GetValue<long>();
        var from = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        var to = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");
        var slot = (await Json.GetAsync(a, $"/api/v1/halls/{hall}/slots?from={from}&to={to}")).AsArray().First(s => s!["free"]!.GetValue<int>() > 0)!["id"]!.GetValue<long>();
        var booked = await Json.PostAsync(a, "/api/v1/appointments", new { slotId = slot, itemId = item.Id });
        Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync());
        var appointment = (await Json.ReadAsync(booked))["code"]!.GetValue<string>();
        var licence = await app.QueryAsync<LicencesDbContext, string>(db => db.Licences.Where(l => l.IssuerDepartmentId == ga).OrderBy(l => l.Id).Select(l => l.Identifier).FirstAsync());
        var person = await app.QueryAsync<RegistryDbContext, string>(db => db.Entities.Where(e => e.Kind == "person").OrderBy(e => e.Id).Select(e => e.Code).FirstAsync());
        var legalPerson = await app.QueryAsync<RegistryDbContext, string>(db => db.Entities.Where(e => e.Kind != "person").OrderBy(e => e.Id).Select(e => e.Code).FirstAsync());
        var source = await app.QueryAsync<RegistryDbContext, string>(db => db.Sources.Where(s => s.DepartmentId == ga).OrderBy(s => s.Id).Select(s => s.Key).FirstAsync());
        var implementationCode = (await Json.GetAsync(a, $"/api/v1/catalog/items/{item.Id}"))["implementationCode"]!.GetValue<string>();
        return new MatrixWorld(app, principals, caseId, caseMaterial, taskId, draftId, draftMaterial, fileId, item.Id, implementationCode, hall, appointment,
            victim.StaffId, ga, licence, person, legalPerson, source, subscriptionId, keyBody["apiKey"]!["id"]!.GetValue<long>(),
            administered.Client.Id, administered.Client.ClientId, administered.Secret);
    }

    private static async Task<HttpClient> ActingAgentAsync(OneWindowApp app, HttpClient ownerClient, long enterprise, TestCitizen? agent = null)
    {
        agent ??= await RegisterAsync(app);
        var grant = await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents",
            new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true", ["ValidUntil"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd") }, "Grant");
        Assert.True(grant.StatusCode == System.Net.HttpStatusCode.Redirect, $"grant → {(int)grant.StatusCode}");
        var client = await SignedInAsync(app, agent);
        var switched = await PostFormAsync(client, "/account", new() { ["enterpriseId"] = enterprise.ToString() }, "Switch");
        Assert.True(switched.StatusCode == System.Net.HttpStatusCode.Redirect, $"switch → {(int)switched.StatusCode}");
        return client;
    }

    private static HttpClient WithBearer(OneWindowApp app, string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
