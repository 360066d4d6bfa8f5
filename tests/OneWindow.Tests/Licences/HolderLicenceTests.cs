using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Licences.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Licences.LicencesTestKit;

namespace OneWindow.Tests.Licences;

/// <summary>我的证照 and 用证授权 through the real pages: only the holder's own licences, the printable licence with its
/// QR code, a grant the department reads (logged) until the holder revokes it.</summary>
public abstract class HolderLicenceTests(DbKind kind)
{
    [Fact]
    public async Task A_verified_citizen_sees_only_their_own_licences()
    {
        var app = await SharedApps.GetAsync(kind);
        var (citizen, client) = await VerifiedCitizenAsync(app);
        var mine = await IssueAsync(app, citizen.IdNumber, holderName: citizen.Name);
        var someoneElses = await IssueAsync(app, IdentityTestData.NewIdNumber(), holderName: "别人家");

        var list = await client.GetStringAsync("/account/licences");
        var page = await client.GetStringAsync($"/account/licences/{mine.Id}");
        var other = await client.GetAsync($"/account/licences/{someoneElses.Id}");

        Assert.Contains($"/account/licences/{mine.Id}", list);
        Assert.DoesNotContain($"/account/licences/{someoneElses.Id}", list);
        Assert.Contains(mine.Identifier, page);
        Assert.Contains("<svg", page);
        Assert.Contains("/licences/verify?p=OWL1.", page);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_self_declared_citizen_is_asked_to_verify_first()
    {
        var app = await SharedApps.GetAsync(kind);
        var citizen = await CitizenKit.RegisterAsync(app);
        var held = await IssueAsync(app, citizen.IdNumber, holderName: citizen.Name);
        var client = await CitizenKit.SignedInAsync(app, citizen);

        var list = await client.GetStringAsync("/account/licences");

        Assert.Contains("needs-verification", list);
        Assert.DoesNotContain(held.Identifier, list);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/account/licences/{held.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_grant_lets_the_department_read_the_licence_until_the_holder_revokes_it()
    {
        var app = await SharedApps.GetAsync(kind);
        var (citizen, client) = await VerifiedCitizenAsync(app);
        var held = await IssueAsync(app, citizen.IdNumber, holderName: citizen.Name);
        var mz = await DepartmentIdAsync(app, "mz");
        var page = $"/account/licences/{held.Id}";

        var invalid = await CitizenKit.PostFormAsync(client, page, new() { ["DepartmentId"] = mz.ToString(), ["Purpose"] = "", ["Days"] = "999" }, "Share");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var shared = await CitizenKit.PostFormAsync(client, page, new() { ["DepartmentId"] = mz.ToString(), ["Purpose"] = "办理低保审核", ["Days"] = "7" }, "Share");
        Assert.Equal(HttpStatusCode.Redirect, shared.StatusCode);
        var grantId = await app.QueryAsync<LicencesDbContext, long>(db => db.Grants.Where(g => g.LicenceId == held.Id).Select(g => g.Id).SingleAsync());

        var staff = await app.SignedInAsync("window_officer", "mz");
        var list = await Json.GetAsync(staff, "/api/v1/licences/shared?pageSize=100");
        Assert.Contains(((JsonArray)list["grants"]!), g => g!["id"]!.GetValue<long>() == grantId);
        var read = await Json.GetAsync(staff, $"/api/v1/licences/shared/{grantId}");
        Assert.Equal(("valid", held.Identifier), (read["status"]!.GetValue<string>(), read["licence"]!["identifier"]!.GetValue<string>()));
        // Another department's staff and client do not reach it.
        await Json.ProblemAsync(await (await app.SignedInAsync("window_officer", "ga")).GetAsync($"/api/v1/licences/shared/{grantId}"), 404);
        var gaToken = await OidcTestKit.ClientTokenAsync(app.Anonymous(), OneWindow.Oidc.Clients.DemoClientSeeder.ClientId, OneWindow.Oidc.Clients.DemoClientSeeder.Secret, "licences.read");
        await Json.ProblemAsync(await app.Anonymous().SendAsync(Bearer(HttpMethod.Get, $"/api/v1/licences/shared/{grantId}", gaToken)), 404);

        var revoke = await CitizenKit.PostFormAsync(client, page + $"?grantId={grantId}", [], "Revoke", tokenPage: page);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        await Json.ProblemAsync(await staff.GetAsync($"/api/v1/licences/shared/{grantId}"), 403);
        var afterRevoke = await Json.GetAsync(staff, "/api/v1/licences/shared?pageSize=100");
        Assert.DoesNotContain(((JsonArray)afterRevoke["grants"]!), g => g!["id"]!.GetValue<long>() == grantId);
        Assert.Equal(1, await app.QueryAsync<LicencesDbContext, int>(db => db.Uses.CountAsync(u => u.GrantId == grantId)));
        Assert.Equal(1, await CitizenKit.AuditCountAsync(app, "licences.share_used", grantId.ToString()));
        Assert.Contains(">1<", await client.GetStringAsync(page)); // the holder sees the use count
    }

    [Fact]
    public async Task An_expired_grant_refuses()
    {
        var app = await SharedApps.GetAsync(kind);
        var (citizen, client) = await VerifiedCitizenAsync(app);
        var held = await IssueAsync(app, citizen.IdNumber, holderName: citizen.Name);
        var mz = await DepartmentIdAsync(app, "mz");
        await CitizenKit.PostFormAsync(client, $"/account/licences/{held.Id}", new() { ["DepartmentId"] = mz.ToString(), ["Purpose"] = "核对信息", ["Days"] = "1" }, "Share");
        var grantId = await app.QueryAsync<LicencesDbContext, long>(db => db.Grants.Where(g => g.LicenceId == held.Id).Select(g => g.Id).SingleAsync());
        await app.QueryAsync<LicencesDbContext, int>(db => db.Grants.Where(g => g.Id == grantId).ExecuteUpdateAsync(s => s.SetProperty(g => g.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        await Json.ProblemAsync(await (await app.SignedInAsync("window_officer", "mz")).GetAsync($"/api/v1/licences/shared/{grantId}"), 410);
        Assert.Equal(0, await app.QueryAsync<LicencesDbContext, int>(db => db.Uses.CountAsync(u => u.GrantId == grantId)));
    }

    [Fact]
    public async Task The_keys_page_rotates_a_departments_key_for_its_admin_only()
    {
        var app = await SharedApps.GetAsync(kind);
        var admin = await app.SignedInAsync("department_admin", "yb");
        var yb = await DepartmentIdAsync(app, "yb");
        var before = await app.QueryAsync<LicencesDbContext, int>(db => db.Keys.CountAsync(k => k.DepartmentId == yb));

        var page = await admin.GetStringAsync("/admin/licences/keys");
        var rotate = await CitizenKit.PostFormAsync(admin, $"/admin/licences/keys?departmentId={yb}", [], "Rotate", tokenPage: "/admin/licences/keys");

        Assert.Contains("h-agency-" + yb, page);
        Assert.DoesNotContain("h-agency-" + await DepartmentIdAsync(app, "ga") + "\"", page);
        Assert.Equal(HttpStatusCode.Redirect, rotate.StatusCode);
        Assert.Equal(before + 1, await app.QueryAsync<LicencesDbContext, int>(db => db.Keys.CountAsync(k => k.DepartmentId == yb)));
        Assert.Equal(1, await app.QueryAsync<LicencesDbContext, int>(db => db.Keys.CountAsync(k => k.DepartmentId == yb && k.RetiredAt == null)));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync("window_officer", "yb")).GetAsync("/admin/licences/keys")).StatusCode);
    }

    private static async Task<(TestCitizen Citizen, HttpClient Client)> VerifiedCitizenAsync(OneWindowApp app)
    {
        var citizen = await CitizenKit.RegisterAsync(app);
        await app.QueryAsync<IdentityDbContext, int>(db => db.Citizens.Where(c => c.Id == citizen.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AssuranceLevel, AssuranceLevel.IdVerified)));
        return (citizen, await CitizenKit.SignedInAsync(app, citizen));
    }
}

[Trait("Database", "Sqlite")]
public sealed class HolderLicenceTestsOnSqlite() : HolderLicenceTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class HolderLicenceTestsOnPostgres() : HolderLicenceTests(DbKind.Postgres);
