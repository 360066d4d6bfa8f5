using System.Net;
using System.Text.Json.Nodes;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Catalog.AdminTestKit;
using static OneWindow.Tests.Staff.StaffTestKit;

namespace OneWindow.Tests.Staff;

/// <summary>/api/v1/staff: creating accounts with a one-time password, the field rules, what a department admin may
/// and may not do, audit entries in the same transaction, keyset paging and bad input as problem documents.</summary>
public abstract class StaffAdministrationApiTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static string NewUserName() => "n" + Guid.NewGuid().ToString("N")[..12];

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string userName, string department, string? region = null, params string[] roles) =>
        Json.PostAsync(client, "/api/v1/staff", new { userName, displayName = "张测试", departmentKey = department, regionCode = region, roles });

    private static string[] Roles(JsonNode staff) => staff["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray();

    [Fact]
    public async Task A_platform_admin_creates_an_account_whose_one_time_password_signs_in_and_everything_is_audited()
    {
        var app = await AppAsync();
        var admin = await app.SignInStaffAsync([StaffRoles.PlatformAdmin], "sj");
        var userName = NewUserName();
        var response = await CreateAsync(admin.Client, userName.ToUpperInvariant(), "ssmz", "340104", StaffRoles.CatalogEditor, StaffRoles.CatalogReviewer);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await Json.ReadAsync(response);
        var staff = body["staff"]!;
        var id = staff["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/staff/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(userName, staff["userName"]!.GetValue<string>());
        Assert.Equal("ssmz", staff["department"]!["key"]!.GetValue<string>());
        Assert.Equal("340104", staff["regionCode"]!.GetValue<string>());
        Assert.Equal([StaffRoles.CatalogEditor, StaffRoles.CatalogReviewer], Roles(staff));
        Assert.Null(staff["passwordHash"]);
        var password = body["initialPassword"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$", password);

        // Shown once: reading the account again never shows it.
        var again = await admin.Client.GetStringAsync($"/api/v1/staff/{id}");
        Assert.DoesNotContain(password, again);
        var me = await MeAsync(await app.SignInFormAsync(userName, password));
        Assert.Equal($"staff:{id}", me["subject"]!.GetValue<string>());

        var audit = await AuditAboutAsync(app, id);
        Assert.Equal(["identity.staff.created", "identity.staff.role_granted", "identity.staff.role_granted", "identity.signin.succeeded"], audit.Select(e => e.Action));
        Assert.All(audit.Take(3), e => Assert.Equal($"staff:{admin.StaffId}", e.Actor));
        Assert.All(audit, e => Assert.DoesNotContain(password, e.Summary + e.DataJson));
        Assert.All(audit, e => Assert.DoesNotContain("张测试", e.Summary + e.DataJson));
    }

    [Fact]
    public async Task Each_bad_field_is_reported_under_its_name_and_nothing_is_created()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var problem = await Json.ProblemAsync(await Json.PostAsync(admin, "/api/v1/staff",
            new { userName = "-bad name", displayName = "", departmentKey = "ga", regionCode = "349999", roles = new[] { "superuser" } }), 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["displayName", "regionCode", "roles", "userName"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.StartsWith("用户名为3至50位", errors["userName"]![0]!.GetValue<string>());
        Assert.Contains("GB/T 2260", errors["regionCode"]![0]!.GetValue<string>());

        var noDepartment = await Json.ProblemAsync(await CreateAsync(admin, NewUserName(), "nope"), 400);
        Assert.Equal("请选择所属部门", noDepartment["errors"]!["departmentKey"]![0]!.GetValue<string>());
        // A district account cannot hang off a city department's neighbour: the division must lie inside the department's.
        var outside = await Json.ProblemAsync(await CreateAsync(admin, NewUserName(), "ssmz", "340111"), 400);
        Assert.Contains("辖区", outside["errors"]!["regionCode"]![0]!.GetValue<string>());
        // A withdrawn or unknown code is not a division.
        await Json.ProblemAsync(await CreateAsync(admin, NewUserName(), "ga", "990100"), 400);
        // Empty division: the department's.
        var defaulted = await Json.ReadAsync(await CreateAsync(admin, NewUserName(), "bhrs"));
        Assert.Equal("340111", defaulted["staff"]!["regionCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_taken_user_name_is_a_409_whatever_its_case()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var name = NewUserName();
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(admin, name, "ga")).StatusCode);
        await Json.ProblemAsync(await CreateAsync(admin, name.ToUpperInvariant(), "mz"), 409);
        await Json.ProblemAsync(await CreateAsync(admin, "GA.Window", "ga"), 409);
    }

    [Fact]
    public async Task A_department_admin_manages_its_own_department_with_department_roles_only()
    {
        var app = await AppAsync();
        var gaAdmin = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "ga");
        var c = gaAdmin.Client;

        var created = await CreateAsync(c, NewUserName(), "ga", null, StaffRoles.WindowOfficer);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json.ReadAsync(created))["staff"]!["id"]!.GetValue<long>();
        await Json.ProblemAsync(await CreateAsync(c, NewUserName(), "mz", null, StaffRoles.WindowOfficer), 403);
        foreach (var role in new[] { StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin, StaffRoles.CatalogReviewer, StaffRoles.Supervisor, StaffRoles.DataAdmin })
        {
            await Json.ProblemAsync(await CreateAsync(c, NewUserName(), "ga", null, role), 403);
            await Json.ProblemAsync(await c.PutAsync($"/api/v1/staff/{id}/roles/{role}", null), 403);
        }

        foreach (var role in new[] { StaffRoles.Reviewer, StaffRoles.CatalogEditor })
        {
            Assert.Contains(role, Roles(await Json.ReadAsync(await c.PutAsync($"/api/v1/staff/{id}/roles/{role}", null))));
        }

        Assert.DoesNotContain(StaffRoles.Reviewer, Roles(await Json.ReadAsync(await c.DeleteAsync($"/api/v1/staff/{id}/roles/{StaffRoles.Reviewer}"))));
        Assert.True((await Json.ReadAsync(await c.PostAsync($"/api/v1/staff/{id}/disable", null)))["disabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsync($"/api/v1/staff/{id}/password-reset", null)).StatusCode);

        // Nobody grants themselves anything, or changes their own account.
        var self = gaAdmin.StaffId;
        await Json.ProblemAsync(await c.PutAsync($"/api/v1/staff/{self}/roles/{StaffRoles.WindowOfficer}", null), 403);
        await Json.ProblemAsync(await c.PostAsync($"/api/v1/staff/{self}/disable", null), 403);
        await Json.ProblemAsync(await c.PostAsync($"/api/v1/staff/{self}/password-reset", null), 403);

        // An admin account in the same department is out of reach: resetting its password would hand over its rights.
        var platformAdminHere = await StaffTestKit.CreateAsync(app, "ga", null, StaffRoles.PlatformAdmin);
        var peerAdmin = await StaffTestKit.CreateAsync(app, "ga", null, StaffRoles.DepartmentAdmin);
        foreach (var target in new[] { platformAdminHere.Staff.Id, peerAdmin.Staff.Id })
        {
            await Json.ProblemAsync(await c.PostAsync($"/api/v1/staff/{target}/password-reset", null), 403);
            await Json.ProblemAsync(await c.PostAsync($"/api/v1/staff/{target}/disable", null), 403);
            await Json.ProblemAsync(await c.PutAsync($"/api/v1/staff/{target}/roles/{StaffRoles.WindowOfficer}", null), 403);
        }

        var actions = (await AuditAboutAsync(app, id)).Select(e => e.Action).ToList();
        Assert.Equal(["identity.staff.created", "identity.staff.role_granted", "identity.staff.role_granted", "identity.staff.role_granted",
            "identity.staff.role_revoked", "identity.staff.disabled", "identity.staff.password_reset"], actions);
        Assert.DoesNotContain(await AuditAboutAsync(app, platformAdminHere.Staff.Id), e => e.Actor == $"staff:{self}");
    }

    [Fact]
    public async Task Granting_a_held_role_or_revoking_a_missing_one_changes_and_audits_nothing()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var account = await StaffTestKit.CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/v1/staff/{account.Staff.Id}/roles/{StaffRoles.WindowOfficer}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/staff/{account.Staff.Id}/roles/{StaffRoles.Reviewer}")).StatusCode);
        Assert.Equal(2, (await AuditAboutAsync(app, account.Staff.Id)).Count);
        var unknown = await Json.ProblemAsync(await admin.PutAsync($"/api/v1/staff/{account.Staff.Id}/roles/root", null), 400);
        Assert.NotNull(unknown["errors"]!["role"]);
        await Json.ProblemAsync(await admin.PutAsync($"/api/v1/staff/987654321/roles/{StaffRoles.Reviewer}", null), 404);
    }

    [Fact]
    public async Task A_password_reset_replaces_the_password_and_lifts_a_lockout()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var account = await StaffTestKit.CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        for (var i = 0; i < 5; i++)
        {
            await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, "wrong-password-" + i);
        }

        var reset = await admin.PostAsync($"/api/v1/staff/{account.Staff.Id}/password-reset", null);
        Assert.Equal("no-store", reset.Headers.CacheControl?.ToString());
        var password = (await Json.ReadAsync(reset))["initialPassword"]!.GetValue<string>();
        Assert.NotEqual(account.InitialPassword, password);
        Assert.Equal(HttpStatusCode.BadRequest, (await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, account.InitialPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, password)).StatusCode);
    }

    [Fact]
    public async Task The_directory_pages_by_user_name_with_an_opaque_cursor()
    {
        var app = await AppAsync();
        var department = await NewDepartmentAsync(app);
        var admin = await app.SignedInAsync("admin");
        var names = new[] { "p.c" + Guid.NewGuid().ToString("N")[..6], "p.a" + Guid.NewGuid().ToString("N")[..6], "p.b" + Guid.NewGuid().ToString("N")[..6] };
        foreach (var name in names)
        {
            Assert.Equal(HttpStatusCode.Created, (await CreateAsync(admin, name, department.Key)).StatusCode);
        }

        var first = await Json.GetAsync(admin, $"/api/v1/staff?department={department.Key}&pageSize=2");
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await Json.GetAsync(admin, $"/api/v1/staff?department={department.Key}&pageSize=2&after={cursor}");
        Assert.Null(second["nextCursor"]);
        var listed = first["staff"]!.AsArray().Concat(second["staff"]!.AsArray()).Select(s => s!["userName"]!.GetValue<string>()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
        Assert.DoesNotContain(names[0], cursor);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("after=not-a-cursor", "after")]
    [InlineData("department=nope", "department")]
    [InlineData("region=34010x", "region")]
    public async Task Bad_list_parameters_are_400_problems_naming_the_parameter(string query, string field)
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var problem = await Json.ProblemAsync(await admin.GetAsync("/api/v1/staff?" + query), 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Without_a_staff_session_the_api_answers_401_and_without_a_directory_role_403()
    {
        var app = await AppAsync();
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/staff"), 401);
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/staff/me"), 401);
        await Json.ProblemAsync(await Json.PostAsync(app.Anonymous(), "/api/v1/staff", new { userName = "x" }), 401);
        var officer = await app.SignedInAsync(StaffRoles.WindowOfficer);
        await Json.ProblemAsync(await officer.GetAsync("/api/v1/staff"), 403);
        await Json.ProblemAsync(await CreateAsync(officer, NewUserName(), "ga"), 403);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/staff/me")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_staff_api_and_its_rules()
    {
        var app = await AppAsync();
        var document = await Json.GetAsync(app.Anonymous(), "/openapi/v1.json");
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/staff", "/api/v1/staff/me", "/api/v1/staff/{id}", "/api/v1/staff/{id}/disable", "/api/v1/staff/{id}/enable",
                     "/api/v1/staff/{id}/password-reset", "/api/v1/staff/{id}/roles/{role}" })
        {
            Assert.True(paths.ContainsKey(path), path);
        }

        var create = paths["/api/v1/staff"]!["post"]!;
        Assert.Contains("department admin", create["description"]!.GetValue<string>());
        Assert.NotNull(create["responses"]!["400"]);
        Assert.NotNull(create["responses"]!["403"]);
        Assert.NotNull(create["responses"]!["409"]);
    }
}

[Trait("Database", "Sqlite")]
public sealed class StaffAdministrationApiTestsOnSqlite() : StaffAdministrationApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class StaffAdministrationApiTestsOnPostgres() : StaffAdministrationApiTests(DbKind.Postgres);
