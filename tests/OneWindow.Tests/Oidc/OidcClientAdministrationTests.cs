using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Oidc;

/// <summary>Client administration (API /api/v1/oidc/clients and pages /admin/oidc/clients): who reaches which
/// clients, secrets shown once and rotated, disabled clients refused.</summary>
public abstract class OidcClientAdministrationTests(DbKind kind)
{
    private const string Redirect = "https://dept.example/callback";

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static object Body(string clientId, long? departmentId, string[]? grants = null, string[]? scopes = null) => new
    {
        clientId,
        name = "测试业务系统 " + clientId,
        departmentId,
        grantTypes = grants ?? ["authorization_code", "client_credentials", "refresh_token"],
        scopes = scopes ?? ["openid", "profile", "offline_access", "catalog.read"],
        redirectUris = new[] { Redirect },
        postLogoutRedirectUris = Array.Empty<string>(),
    };

    private static string NewId() => "adm-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_department_admin_manages_only_their_own_departments_clients()
    {
        var app = await AppAsync();
        var ga = await DepartmentIdAsync(app.Services, "ga");
        var sf = await DepartmentIdAsync(app.Services, "sf");
        var platform = await app.SignedInAsync("admin");
        var foreign = await Json.ReadAsync(await Json.PostAsync(platform, "/api/v1/oidc/clients", Body(NewId(), sf)));
        var foreignId = foreign["client"]!["id"]!.GetValue<long>();

        var gaAdmin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga");
        var ownId = NewId();
        var created = await Json.PostAsync(gaAdmin, "/api/v1/oidc/clients", Body(ownId, null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var own = await Json.ReadAsync(created);
        Assert.Equal(ga, own["client"]!["departmentId"]!.GetValue<long>());

        // The list holds the department's clients only; the other department's client is "not found" everywhere.
        var list = await Json.GetAsync(gaAdmin, "/api/v1/oidc/clients");
        var ids = list["clients"]!.AsArray().Select(c => c!["clientId"]!.GetValue<string>()).ToList();
        Assert.Contains(ownId, ids);
        Assert.DoesNotContain(foreign["client"]!["clientId"]!.GetValue<string>(), ids);
        Assert.All(list["clients"]!.AsArray(), c => Assert.Equal(ga, c!["departmentId"]!.GetValue<long>()));
        foreach (var response in new[]
        {
            await gaAdmin.GetAsync($"/api/v1/oidc/clients/{foreignId}"),
            await gaAdmin.PutAsJsonAsync($"/api/v1/oidc/clients/{foreignId}", Body("ignored", null), Json.Options),
            await gaAdmin.PostAsync($"/api/v1/oidc/clients/{foreignId}/secret", null),
            await gaAdmin.PostAsync($"/api/v1/oidc/clients/{foreignId}/disable", null),
            await gaAdmin.GetAsync($"/admin/oidc/clients/{foreignId}"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.False(await app.QueryAsync<OidcDbContext, bool>(db => db.Clients.Where(c => c.Id == foreignId).Select(c => c.Disabled).FirstAsync()));

        // Nor may they register a client for another department, or move theirs there.
        var elsewhere = await Json.PostAsync(gaAdmin, "/api/v1/oidc/clients", Body(NewId(), sf));
        Assert.Equal("oidc.client_department_forbidden", (await Json.ProblemAsync(elsewhere, 403))["code"]!.GetValue<string>());
        var move = await gaAdmin.PutAsJsonAsync($"/api/v1/oidc/clients/{own["client"]!["id"]}", Body(ownId, sf), Json.Options);
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);

        // Staff without either role: 403 on the API and the pages.
        var editor = await app.SignedInAsync("editor", "ga");
        Assert.Equal("oidc.clients_forbidden", (await Json.ProblemAsync(await editor.GetAsync("/api/v1/oidc/clients"), 403))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/admin/oidc/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/v1/oidc/clients")).StatusCode);

        // The platform admin sees both, and the change is audited.
        var all = (await Json.GetAsync(platform, "/api/v1/oidc/clients"))["clients"]!.AsArray().Select(c => c!["clientId"]!.GetValue<string>()).ToList();
        Assert.Contains(ownId, all);
        Assert.NotEmpty(await AuditAsync(app, "oidc.client.created", ownId));
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_the_old_one_stops_working_after_rotation()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga");
        var clientId = NewId();
        var created = await Json.PostAsync(admin, "/api/v1/oidc/clients", Body(clientId, null));
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var body = await Json.ReadAsync(created);
        var secret = body["clientSecret"]!.GetValue<string>();
        var id = body["client"]!["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app.Anonymous(), clientId, secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).StatusCode);

        // Never again: neither the API nor the page shows it, and only a hash is stored.
        var shown = await admin.GetStringAsync($"/api/v1/oidc/clients/{id}");
        Assert.DoesNotContain(secret, shown);
        Assert.DoesNotContain("secret", shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, await admin.GetStringAsync($"/admin/oidc/clients/{id}"));
        Assert.StartsWith("pbkdf2-sha256$", await app.QueryAsync<OidcDbContext, string>(db => db.Clients.Where(c => c.Id == id).Select(c => c.SecretHash).FirstAsync()));

        var rotated = await admin.PostAsync($"/api/v1/oidc/clients/{id}/secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal("no-store", rotated.Headers.CacheControl?.ToString());
        var fresh = (await Json.ReadAsync(rotated))["clientSecret"]!.GetValue<string>();
        Assert.NotEqual(secret, fresh);
        var old = await TokenAsync(app.Anonymous(), clientId, secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal("invalid_client", await OAuthErrorAsync(old, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app.Anonymous(), clientId, fresh, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).StatusCode);
        Assert.NotEmpty(await AuditAsync(app, "oidc.client.secret_rotated", clientId));
    }

    [Fact]
    public async Task A_disabled_client_gets_no_tokens_and_its_refresh_tokens_are_revoked()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var clientId = NewId();
        var body = await Json.ReadAsync(await Json.PostAsync(admin, "/api/v1/oidc/clients", Body(clientId, null)));
        var secret = body["clientSecret"]!.GetValue<string>();
        var id = body["client"]!["id"]!.GetValue<long>();
        var user = await app.SignedInAsync("editor", "ga");
        var tokens = await SignInTokensAsync(user, app.Anonymous(), clientId, secret, Redirect, "openid offline_access catalog.read");

        var disabled = await Json.ReadAsync(await admin.PostAsync($"/api/v1/oidc/clients/{id}/disable", null));
        Assert.True(disabled["disabled"]!.GetValue<bool>());
        var credentials = await TokenAsync(app.Anonymous(), clientId, secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal("invalid_client", await OAuthErrorAsync(credentials, HttpStatusCode.Unauthorized));
        var refresh = await RefreshAsync(app.Anonymous(), clientId, secret, tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal("invalid_client", await OAuthErrorAsync(refresh, HttpStatusCode.Unauthorized));
        var authorize = await user.GetAsync(AuthorizeUrl(clientId, Redirect, NewPkce().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, authorize.StatusCode);
        Assert.NotEmpty(await AuditAsync(app, "oidc.client.disabled", clientId));

        // Enabled again it gets tokens, but the revoked refresh token stays dead.
        await admin.PostAsync($"/api/v1/oidc/clients/{id}/enable", null);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app.Anonymous(), clientId, secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).StatusCode);
        var stillDead = await RefreshAsync(app.Anonymous(), clientId, secret, tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal("invalid_grant", await OAuthErrorAsync(stillDead, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Bad_registrations_are_validation_problems_with_each_field_named()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var response = await Json.PostAsync(admin, "/api/v1/oidc/clients", new
        {
            clientId = "Bad Id!",
            name = "",
            grantTypes = new[] { "refresh_token", "password" },
            scopes = new[] { "openid", "everything" },
            redirectUris = new[] { "http://evil.example/cb#x" },
        });
        var problem = await Json.ProblemAsync(response, 400);
        Assert.Equal("oidc.invalid", problem["code"]!.GetValue<string>());
        var errors = problem["errors"]!;
        foreach (var field in new[] { "clientId", "name", "grantTypes", "scopes", "redirectUris" })
        {
            Assert.NotNull(errors[field]);
        }

        var offline = await Json.PostAsync(admin, "/api/v1/oidc/clients", Body(NewId(), null, grants: ["authorization_code"]));
        Assert.NotNull((await Json.ProblemAsync(offline, 400))["errors"]!["scopes"]);
        var update = await admin.PutAsJsonAsync("/api/v1/oidc/clients/999999999", Body(NewId(), null), Json.Options);
        Assert.Equal("oidc.client_not_found", (await Json.ProblemAsync(update, 404))["code"]!.GetValue<string>());
        var english = new HttpRequestMessage(HttpMethod.Get, "/api/v1/oidc/clients/999999999");
        english.Headers.AcceptLanguage.ParseAdd("en");
        Assert.StartsWith("There is no such client", (await Json.ProblemAsync(await admin.SendAsync(english), 404))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_pages_register_a_client_show_the_secret_once_and_put_errors_next_to_their_fields()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga");
        Assert.Contains("/admin/oidc/clients", await admin.GetStringAsync("/admin"));
        var token = await OneWindowApp.AntiforgeryTokenAsync(admin, "/admin/oidc/clients/new");

        var bad = await admin.PostAsync("/admin/oidc/clients/new", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token), new("Form.ClientId", "X"), new("Form.Name", "名称"), new("Form.GrantTypes", "authorization_code"),
            new("Form.Scopes", "openid"), new("Form.RedirectUris", ""),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"clientId-error\"", html);
        Assert.Contains("id=\"redirectUris-error\"", html);
        Assert.Contains("href=\"#clientId\"", html);

        var clientId = NewId();
        var good = await admin.PostAsync("/admin/oidc/clients/new", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token), new("Form.ClientId", clientId), new("Form.Name", "窗口系统"), new("Form.GrantTypes", "authorization_code"),
            new("Form.GrantTypes", "client_credentials"), new("Form.Scopes", "openid"), new("Form.Scopes", "catalog.read"),
            new("Form.RedirectUris", Redirect + "\r\nhttps://dept.example/other"),
        }));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.True(good.Headers.CacheControl?.NoStore);
        var page = await good.Content.ReadAsStringAsync();
        var secret = System.Text.RegularExpressions.Regex.Match(page, "id=\"client-secret\">([^<]+)<").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(app.Anonymous(), clientId, secret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).StatusCode);
        var row = await app.QueryAsync<OidcDbContext, OidcClient>(db => db.Clients.AsNoTracking().FirstAsync(c => c.ClientId == clientId));
        Assert.Equal(await DepartmentIdAsync(app.Services, "ga"), row.DepartmentId);
        Assert.Equal([Redirect, "https://dept.example/other"], row.RedirectUriSet.Order());

        // Without the antiforgery token nothing happens.
        var forged = await admin.PostAsync($"/admin/oidc/clients/{row.Id}?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(await app.QueryAsync<OidcDbContext, bool>(db => db.Clients.Where(c => c.Id == row.Id).Select(c => c.Disabled).FirstAsync()));

        var showToken = await OneWindowApp.AntiforgeryTokenAsync(admin, $"/admin/oidc/clients/{row.Id}");
        var disable = await admin.PostAsync($"/admin/oidc/clients/{row.Id}?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = showToken }));
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.True(await app.QueryAsync<OidcDbContext, bool>(db => db.Clients.Where(c => c.Id == row.Id).Select(c => c.Disabled).FirstAsync()));
    }
}

[Trait("Database", "Sqlite")]
public sealed class OidcClientAdministrationTestsOnSqlite() : OidcClientAdministrationTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class OidcClientAdministrationTestsOnPostgres() : OidcClientAdministrationTests(DbKind.Postgres);
