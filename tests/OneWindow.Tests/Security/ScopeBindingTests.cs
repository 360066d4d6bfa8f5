using System.Net;
using System.Net.Http.Headers;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Cases;
using OneWindow.Tests.Catalog;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;

namespace OneWindow.Tests.Security;

/// <summary>
/// Issue 12's findings on scopes, each as the attacker tried it: the same person's session does the thing (the hole
/// as it was: a token carried all of it), the token with a narrow scope is refused with 403 insufficient_scope, and a
/// token holding the right scope is let through (so the refusal is the scope's doing).
/// </summary>
public abstract class ScopeBindingTests(DbKind kind)
{
    private const string Redirect = "https://test.example/callback";

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_platform_admins_openid_token_cannot_create_admins_read_audit_change_the_calendar_or_rotate_keys()
    {
        var app = await AppAsync();
        var admin = await app.SignInStaffAsync([StaffRoles.PlatformAdmin], "sj");
        var narrow = await UserClientAsync(app, admin.Client, "openid");
        var ga = await OidcTestKit.DepartmentIdAsync(app.Services, "ga");
        var newAdmin = () => new { userName = "x" + Guid.NewGuid().ToString("N")[..12], displayName = "越权测试", departmentKey = "sj", roles = new[] { StaffRoles.PlatformAdmin } };

        // The session can (that power is what the token used to carry) ...
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(admin.Client, "/api/v1/staff", newAdmin())).StatusCode);
        // ... the openid-only token cannot.
        await AssertInsufficientScopeAsync(await Json.PostAsync(narrow, "/api/v1/staff", newAdmin()), "staff.write");
        await AssertInsufficientScopeAsync(await narrow.GetAsync("/api/v1/audit/entries"), "audit.read");
        await AssertInsufficientScopeAsync(await narrow.PutAsync("/api/v1/calendar/2027", JsonContent(new { days = Array.Empty<object>() })), "calendar.write");
        await AssertInsufficientScopeAsync(await narrow.PostAsync($"/api/v1/licences/agencies/{ga}/keys/rotate", null), "licences.write");
        // Who the token belongs to is still readable with openid.
        Assert.Equal(HttpStatusCode.OK, (await narrow.GetAsync("/api/v1/me")).StatusCode);

        // The right scope lets the same person through.
        var wide = await UserClientAsync(app, admin.Client, "openid staff.write audit.read");
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(wide, "/api/v1/staff", newAdmin())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wide.GetAsync("/api/v1/audit/entries")).StatusCode);
    }

    [Fact]
    public async Task An_editors_read_token_cannot_save_or_submit_a_draft_and_a_write_token_can()
    {
        var app = await AppAsync();
        var editor = await app.SignInStaffAsync([StaffRoles.CatalogEditor], "ga");
        var created = await Json.PostAsync(editor.Client, "/api/v1/catalog/items", new { departmentKey = "ga", regionCode = "340100", guide = TestGuides.Valid(name: "令牌范围测试事项") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["id"]!.GetValue<long>();

        var reader = await UserClientAsync(app, editor.Client, "openid catalog.read");
        await AssertInsufficientScopeAsync(await reader.PutAsync($"/api/v1/catalog/items/{id}/draft", JsonContent(new { guide = TestGuides.Valid(name: "改名") })), "catalog.write");
        await AssertInsufficientScopeAsync(await reader.PostAsync($"/api/v1/catalog/items/{id}/submit", null), "catalog.write");

        var writer = await UserClientAsync(app, editor.Client, "openid catalog.write");
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync($"/api/v1/catalog/items/{id}/submit", null)).StatusCode);
    }

    [Fact]
    public async Task A_window_officers_openid_token_cannot_accept_a_case()
    {
        var app = await AppAsync();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var caseId = (await CaseKit.ApplyAsync(applicant, item))["id"]!.GetValue<long>();
        var window = await app.SignInStaffAsync([StaffRoles.WindowOfficer], "ga");
        var revision = await CaseKit.RevisionAsync(window.Client, caseId);

        var narrow = await UserClientAsync(app, window.Client, "openid");
        await AssertInsufficientScopeAsync(await CaseKit.ActAsync(narrow, $"/api/v1/cases/{caseId}/accept", new { revision }), "cases.write");
        var handling = await UserClientAsync(app, window.Client, "openid cases.write");
        Assert.Equal(HttpStatusCode.OK, (await CaseKit.ActAsync(handling, $"/api/v1/cases/{caseId}/accept", new { revision })).StatusCode);
    }

    [Fact]
    public async Task A_citizens_openid_token_cannot_upload_files_or_start_drafts()
    {
        var app = await AppAsync();
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, citizen) = await CaseKit.ApplicantAsync(app);
        var narrow = await UserClientAsync(app, citizen, "openid");
        await AssertInsufficientScopeAsync(await UploadAsync(narrow), "files.write");
        await AssertInsufficientScopeAsync(await Json.PostAsync(narrow, "/api/v1/cases/drafts", new { itemId = item.Id }), "cases.write");

        var applying = await UserClientAsync(app, citizen, "openid files.write cases.write");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(applying)).StatusCode);
        Assert.True((await Json.PostAsync(applying, "/api/v1/cases/drafts", new { itemId = item.Id })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Client_tokens_reach_only_what_their_scopes_name()
    {
        var app = await AppAsync();
        var ga = await OidcTestKit.DepartmentIdAsync(app.Services, "ga");
        async Task<HttpClient> SystemAsync(string scope)
        {
            var client = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.ClientCredentials], [scope], departmentId: ga);
            var http = app.Anonymous();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await OidcTestKit.ClientTokenAsync(http, client.Client.ClientId, client.Secret, scope));
            return http;
        }

        // The inbox (case numbers, applicant names) was open to any client token.
        await AssertInsufficientScopeAsync(await (await SystemAsync("webhooks.manage")).GetAsync("/api/v1/cases/inbox"), "cases.read");
        await AssertInsufficientScopeAsync(await (await SystemAsync("licences.read")).GetAsync("/api/v1/cases/inbox"), "cases.read");
        var reader = await SystemAsync("cases.read");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/cases/inbox")).StatusCode);

        // Comments are writes: a read token is refused before the case is looked at.
        var item = await CaseKit.ItemAsync(app, "ga", 0);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var caseId = (await CaseKit.ApplyAsync(applicant, item))["id"]!.GetValue<long>();
        await AssertInsufficientScopeAsync(await Json.PostAsync(reader, $"/api/v1/cases/{caseId}/comments", new { text = "只读令牌" }), "cases.write");
        Assert.True((await Json.PostAsync(await SystemAsync("cases.write"), $"/api/v1/cases/{caseId}/comments", new { text = "业务系统备注" })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Tokens_are_refused_on_pages_even_public_ones()
    {
        var app = await AppAsync();
        var (_, citizen) = await CaseKit.ApplicantAsync(app);
        var token = await UserClientAsync(app, citizen, "openid cases.read cases.write files.read files.write");
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/account/cases")).StatusCode);
        await AssertInsufficientScopeAsync(await token.GetAsync("/account/cases"), null);
        await AssertInsufficientScopeAsync(await token.GetAsync("/"), null);
        // A token must not become a new grant through the browser endpoint either.
        await AssertInsufficientScopeAsync(await token.GetAsync("/connect/authorize"), null);
    }

    private static async Task AssertInsufficientScopeAsync(HttpResponseMessage response, string? scope)
    {
        var problem = await Json.ProblemAsync(response, 403);
        Assert.Equal("platform.insufficient_scope", problem["code"]!.GetValue<string>());
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("insufficient_scope", challenge);
        if (scope != null)
        {
            Assert.Contains(scope, challenge);
        }
    }

    /// <summary>A department system's client for the person signed in on <paramref name="session"/>: authorization
    /// code with PKCE for exactly <paramref name="scope"/>, the access token set as the bearer.</summary>
    private static async Task<HttpClient> UserClientAsync(OneWindowApp app, HttpClient session, string scope)
    {
        var rp = await OidcTestKit.CreateClientAsync(app.Services, [OidcScopes.AuthorizationCode], scope.Split(' '), redirects: [Redirect]);
        var tokens = await OidcTestKit.SignInTokensAsync(session, app.Anonymous(), rp.Client.ClientId, rp.Secret, Redirect, scope);
        var http = app.Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        return http;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(CaseKit.Pdf("scope-" + Guid.NewGuid()));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "material.pdf");
        return await client.PostAsync("/api/v1/files", form);
    }

    private static HttpContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body, options: new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
}

[Trait("Database", "Sqlite")]
public sealed class ScopeBindingTestsOnSqlite() : ScopeBindingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ScopeBindingTestsOnPostgres() : ScopeBindingTests(DbKind.Postgres);
