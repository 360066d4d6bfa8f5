using System.Net;
using System.Text.RegularExpressions;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Catalog.AdminTestKit;
using static OneWindow.Tests.Staff.StaffTestKit;

namespace OneWindow.Tests.Staff;

/// <summary>The /admin/staff pages through real sign-ins and real form posts: errors beside their fields, the
/// one-time password shown once, role changes by form, and what each reader is offered.</summary>
public abstract partial class StaffPagesTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task The_create_form_shows_each_error_beside_its_field_with_a_summary_and_keeps_the_input()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var response = await PostFormAsync(admin, "/admin/staff/new", "/admin/staff/new",
            [new("UserName", "Bad Name!"), new("DisplayName", "李四"), new("DepartmentKey", "ga"), new("RegionCode", "12")]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("<a href=\"#userName\">用户名：用户名为3至50位", html);
        Assert.Contains("<p class=\"field-error\" id=\"userName-error\">", html);
        Assert.Contains("<p class=\"field-error\" id=\"regionCode-error\">", html);
        Assert.Contains("aria-describedby=\"regionCode-hint regionCode-error\"", html);
        Assert.DoesNotContain("id=\"displayName-error\"", html);
        Assert.Contains("value=\"李四\"", html);
    }

    [Fact]
    public async Task A_created_account_shows_its_initial_password_once_and_never_again()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var userName = "pg" + Guid.NewGuid().ToString("N")[..10];
        var response = await PostFormAsync(admin, "/admin/staff/new", "/admin/staff/new",
            [new("UserName", userName), new("DisplayName", "王五"), new("DepartmentKey", "mz"), new("Roles", StaffRoles.WindowOfficer), new("Roles", StaffRoles.Reviewer)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var html = await HtmlAsync(response);
        var password = PasswordPattern().Match(html).Groups[1].Value;
        Assert.NotEmpty(password);
        var id = long.Parse(Regex.Match(html, "/admin/staff/(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var detail = await HtmlAsync(await admin.GetAsync($"/admin/staff/{id}"));
        Assert.Contains(userName, detail);
        Assert.DoesNotContain(password, detail);
        Assert.Contains("窗口受理人员", detail);
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(app.Anonymous(), userName, password)).StatusCode);
    }

    [Fact]
    public async Task Roles_are_granted_and_revoked_with_forms_and_a_missing_choice_is_shown_beside_the_select()
    {
        var app = await AppAsync();
        var gaAdmin = await app.SignedInAsync(StaffRoles.DepartmentAdmin, "ga");
        var account = await CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        var page = $"/admin/staff/{account.Staff.Id}";
        var html = await HtmlAsync(await gaAdmin.GetAsync(page));
        // A department admin is offered the department roles only.
        Assert.Contains("<option value=\"catalog_editor\">", html);
        Assert.DoesNotContain("<option value=\"department_admin\">", html);
        Assert.DoesNotContain("<option value=\"platform_admin\">", html);

        var empty = await PostFormAsync(gaAdmin, page, page + "?handler=Grant", [new("Role", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = await HtmlAsync(empty);
        Assert.Contains("<span class=\"field-error\" id=\"role-error\">请选择一个角色</span>", errors);
        Assert.Contains("<a href=\"#role\">", errors);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(gaAdmin, page, page + "?handler=Grant", [new("Role", StaffRoles.CatalogEditor)])).StatusCode);
        Assert.Contains("已授予角色", await HtmlAsync(await gaAdmin.GetAsync(page)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(gaAdmin, page, page + "?handler=Revoke", [new("Role", StaffRoles.WindowOfficer)])).StatusCode);
        Assert.Equal([StaffRoles.CatalogEditor], (await Json.GetAsync(gaAdmin, $"/api/v1/staff/{account.Staff.Id}"))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        // A grant the department admin may not give is refused even when posted by hand.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(gaAdmin, page, page + "?handler=Grant", [new("Role", StaffRoles.PlatformAdmin)])).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_on_the_page_shows_the_new_password_once()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var account = await CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        var page = $"/admin/staff/{account.Staff.Id}";
        var response = await PostFormAsync(admin, page, page + "?handler=ResetPassword", []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var password = PasswordPattern().Match(await HtmlAsync(response)).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, password)).StatusCode);
        Assert.DoesNotContain(password, await HtmlAsync(await admin.GetAsync(page)));
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var account = await CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        var response = await admin.PostAsync($"/admin/staff/{account.Staff.Id}?handler=Disable", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await Json.GetAsync(admin, $"/api/v1/staff/{account.Staff.Id}"))["disabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/admin/staff/new", new FormUrlEncodedContent([new("UserName", "x1x")]))).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_reads_the_directory_of_its_region_without_create_or_manage_buttons()
    {
        var app = await AppAsync();
        var supervisor = await app.SignedInAsync(StaffRoles.Supervisor, "ssmz");
        var inside = await CreateAsync(app, "ssmz", null, StaffRoles.WindowOfficer);
        var list = await HtmlAsync(await supervisor.GetAsync("/admin/staff"));
        Assert.Contains(inside.Staff.UserName, list);
        Assert.DoesNotContain("ga.window", list);
        Assert.DoesNotContain("/admin/staff/new", list);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/admin/staff/new")).StatusCode);
        var detail = await HtmlAsync(await supervisor.GetAsync($"/admin/staff/{inside.Staff.Id}"));
        Assert.DoesNotContain("handler=Disable", detail);
        Assert.DoesNotContain("handler=Grant", detail);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/admin/staff?region=340111")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync("/admin/staff?region=abc")).StatusCode);
    }

    [Fact]
    public async Task The_directory_pages_are_closed_to_roles_without_a_directory()
    {
        var app = await AppAsync();
        foreach (var role in new[] { StaffRoles.WindowOfficer, StaffRoles.CatalogEditor })
        {
            var client = await app.SignedInAsync(role, "ga");
            var response = await client.GetAsync("/admin/staff");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/access-denied", response.Headers.Location!.AbsolutePath);
            // Their workspace still opens, and the header does not offer the directory.
            var workspace = await HtmlAsync(await client.GetAsync("/admin"));
            Assert.DoesNotContain("href=\"/admin/staff\"", workspace);
        }
    }

    [GeneratedRegex("<span class=\"one-time-secret\" id=\"initial-password\">([^<]+)</span>")]
    private static partial Regex PasswordPattern();
}

[Trait("Database", "Sqlite")]
public sealed class StaffPagesTestsOnSqlite() : StaffPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class StaffPagesTestsOnPostgres() : StaffPagesTests(DbKind.Postgres);
