using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Integration.Data;
using OneWindow.Integration.Protection;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Oidc.OidcTestKit;

namespace OneWindow.Tests.Integration;

/// <summary>/api/v1/webhooks through real HTTP on the shared demo app: who may manage which subscription (department
/// systems with webhooks.manage, department admins, platform admins), validation, secrets shown once, audit.</summary>
public abstract class WebhookApiTests(DbKind kind)
{
    private const string Base = "/api/v1/webhooks/subscriptions";

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token != null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (body != null)
        {
            request.Content = JsonContent.Create(body, options: Json.Options);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A client-credentials token of a new department system in the given department.</summary>
    private static async Task<(string Token, string ClientId)> SystemTokenAsync(OneWindowApp app, string departmentKey, string scope = OidcScopes.WebhooksManage)
    {
        var client = await CreateClientAsync(app.Services, scopes: [OidcScopes.CatalogRead, OidcScopes.WebhooksManage], departmentId: await DepartmentIdAsync(app.Services, departmentKey));
        return (await ClientTokenAsync(app.Anonymous(), client.Client.ClientId, client.Secret, scope), client.Client.ClientId);
    }

    [Fact]
    public async Task A_department_system_manages_its_own_subscriptions_and_another_department_s_system_cannot_see_or_change_them()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var ga = await DepartmentIdAsync(app.Services, "ga");
        var token = await ClientTokenAsync(http, DemoClient, DemoSecret, "webhooks.manage");

        var created = await SendAsync(http, HttpMethod.Post, Base, token, new { url = "https://gaj.example.test/hooks?x=1", eventTypes = new[] { "case." } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var body = await Json.ReadAsync(created);
        var secret = body["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret);
        var subscription = body["subscription"]!;
        var id = subscription["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/webhooks/subscriptions/{id}", created.Headers.Location?.ToString());
        Assert.Equal(ga, subscription["departmentId"]!.GetValue<long>());
        Assert.Equal("client:" + DemoClient, subscription["owner"]!.GetValue<string>());
        Assert.Equal(["case."], subscription["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(subscription["active"]!.GetValue<bool>());

        // At rest the secret is encrypted, bound to its row.
        var stored = await app.QueryAsync<IntegrationDbContext, byte[]>(db => db.Subscriptions.Where(s => s.Id == id).Select(s => s.SecretProtected).SingleAsync());
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        var protector = app.Services.GetRequiredService<SecretProtector>();
        Assert.Equal(secret, protector.Unprotect(stored, id));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(stored, id + 1));

        var read = await Json.ReadAsync(await SendAsync(http, HttpMethod.Get, $"{Base}/{id}", token));
        Assert.Equal("https://gaj.example.test/hooks?x=1", read["url"]!.GetValue<string>());
        Assert.Null(read["secret"]);
        Assert.DoesNotContain(secret, read.ToJsonString(), StringComparison.Ordinal);

        // Another department's system: not found, whatever it tries; its list does not show it.
        var (other, _) = await SystemTokenAsync(app, "sf");
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Get, $"{Base}/{id}", other), 404);
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Delete, $"{Base}/{id}", other), 404);
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Post, $"{Base}/{id}/rotate-secret", other), 404);
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Get, $"{Base}/{id}/deliveries", other), 404);
        var otherList = await Json.ReadAsync(await SendAsync(http, HttpMethod.Get, Base, other));
        Assert.DoesNotContain(id, otherList["subscriptions"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
        // ... nor subscribe to the first department's events.
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Post, Base, other, new { url = "https://sf.example.test/h", departmentId = ga }), 403);

        // Staff: the department's admin sees it, another department's admin does not, a window officer is refused.
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga")).GetAsync($"{Base}/{id}")).StatusCode);
        await Json.ProblemAsync(await (await app.SignedInAsync(StaffRoles.DepartmentAdmin, "sf")).GetAsync($"{Base}/{id}"), 404);
        await Json.ProblemAsync(await (await app.SignedInAsync(StaffRoles.WindowOfficer, "ga")).GetAsync($"{Base}/{id}"), 403);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync("admin")).GetAsync($"{Base}/{id}")).StatusCode);

        // Still the owner's: rotate (a new secret, once) and deactivate.
        var rotated = await Json.ReadAsync(await SendAsync(http, HttpMethod.Post, $"{Base}/{id}/rotate-secret", token));
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", newSecret);
        Assert.NotEqual(secret, newSecret);
        var deleted = await Json.ReadAsync(await SendAsync(http, HttpMethod.Delete, $"{Base}/{id}", token));
        Assert.False(deleted["active"]!.GetValue<bool>());

        var audit = await app.QueryAsync<AuditDbContext, List<OneWindow.Audit.Domain.AuditEntry>>(db =>
            db.Entries.AsNoTracking().Where(e => e.TargetType == "integration.subscription" && e.TargetId == id.ToString()).OrderBy(e => e.Seq).ToListAsync());
        Assert.Equal(["integration.subscription.created", "integration.subscription.secret_rotated", "integration.subscription.deactivated"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("client:" + DemoClient, e.Actor));
        Assert.All(audit, e => Assert.DoesNotContain("whsec_", e.Summary + e.DataJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Callers_without_the_scope_or_role_are_refused_and_anonymous_callers_get_401()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var (withoutScope, _) = await SystemTokenAsync(app, "ga", OidcScopes.CatalogRead);
        var problem = await Json.ProblemAsync(await SendAsync(http, HttpMethod.Get, Base, withoutScope), 403);
        Assert.Contains("webhooks.manage", problem["detail"]!.GetValue<string>());
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Post, Base, withoutScope, new { url = "https://x.example.test/h" }), 403);
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Get, Base, null), 401);
        await Json.ProblemAsync(await (await app.SignedInAsync("editor")).PostAsJsonAsync(Base, new { url = "https://x.example.test/h" }), 403);
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_naming_the_field_and_nothing_is_saved()
    {
        var app = await AppAsync();
        var http = app.Anonymous();
        var (token, _) = await SystemTokenAsync(app, "ga");
        foreach (var (request, field) in new (object, string)[]
        {
            (new { url = "http://gaj.example.test/hooks" }, "url"),
            (new { url = "ftp://gaj.example.test/hooks" }, "url"),
            (new { url = "https://user:pw@gaj.example.test/hooks" }, "url"),
            (new { url = "not a url" }, "url"),
            (new { eventTypes = new[] { "case." } }, "url"),
            (new { url = "https://gaj.example.test/hooks", eventTypes = new[] { "CASE!" } }, "eventTypes[0]"),
        })
        {
            var problem = await Json.ProblemAsync(await SendAsync(http, HttpMethod.Post, Base, token, request), 400);
            Assert.NotNull(problem["errors"]![field]);
        }

        var list = await Json.ReadAsync(await SendAsync(http, HttpMethod.Get, Base, token));
        Assert.Empty(list["subscriptions"]!.AsArray());
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Get, Base + "?after=nonsense", token), 400);
        await Json.ProblemAsync(await SendAsync(http, HttpMethod.Get, Base + "?pageSize=0", token), 400);
    }

    [Fact]
    public async Task Only_a_platform_admin_creates_a_platform_wide_subscription_and_lists_page_by_cursor()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var created = await Json.PostAsync(admin, Base, new { url = "https://platform.example.test/hooks" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await Json.ReadAsync(created))["subscription"]!;
        Assert.True(subscription["platformWide"]!.GetValue<bool>());
        Assert.Null(subscription["departmentId"]);
        var id = subscription["id"]!.GetValue<long>();
        await Json.ProblemAsync(await (await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga")).GetAsync($"{Base}/{id}"), 404);

        // A department admin's subscription is always its own department's.
        var departmentAdmin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "mz");
        var own = (await Json.ReadAsync(await Json.PostAsync(departmentAdmin, Base, new { url = "https://mz.example.test/a" })))["subscription"]!;
        Assert.Equal(await DepartmentIdAsync(app.Services, "mz"), own["departmentId"]!.GetValue<long>());
        await Json.ProblemAsync(await Json.PostAsync(departmentAdmin, Base, new { url = "https://mz.example.test/b", departmentId = await DepartmentIdAsync(app.Services, "ga") }), 403);

        // Keyset paging: pages of one, each after the previous cursor, no repeats.
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Json.GetAsync(admin, Base + "?pageSize=1" + (cursor == null ? "" : "&after=" + cursor));
            seen.AddRange(page["subscriptions"]!.AsArray().Select(s => s!["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor != null && seen.Count < 500);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Contains(id, seen);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_webhooks_group_with_its_rules()
    {
        var app = await AppAsync();
        var document = await Json.GetAsync(app.Anonymous(), "/openapi/v1.json");
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { Base, Base + "/{id}", Base + "/{id}/rotate-secret", Base + "/{id}/deliveries", "/api/v1/webhooks/deliveries/{id}/redeliver" })
        {
            Assert.True(paths.ContainsKey(path), path);
        }

        var create = paths[Base]!["post"]!;
        Assert.Contains("\"Webhooks\"", create["tags"]!.ToJsonString());
        Assert.Contains("webhooks.manage", create["description"]!.GetValue<string>());
        Assert.NotNull(create["responses"]!["201"]);
        Assert.NotNull(create["responses"]!["400"]);
        Assert.NotNull(create["responses"]!["403"]);
        Assert.NotNull(paths[Base + "/{id}"]!["delete"]!["responses"]!["404"]);
    }
}

[Trait("Database", "Sqlite")]
public sealed class WebhookApiTestsOnSqlite() : WebhookApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class WebhookApiTestsOnPostgres() : WebhookApiTests(DbKind.Postgres);
