using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Protection;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Catalog.AdminTestKit;
using static OneWindow.Tests.Staff.StaffTestKit;

namespace OneWindow.Tests.Staff;

/// <summary>The staff sign-in form: the same answer for an unknown user and a wrong password, lockout with the unlock
/// time, disabled accounts, local return URLs only, sign-out, and sessions that follow changes to the account.</summary>
public abstract class StaffSignInTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private const string Generic = "用户名或密码错误";

    [Fact]
    public async Task A_demo_account_signs_in_and_lands_on_its_workspace_with_its_roles()
    {
        var app = await AppAsync();
        var client = app.Anonymous();
        var response = await OneWindowApp.PostSignInAsync(client, "GA.Editor", DemoStaff.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);

        var me = await MeAsync(client);
        Assert.Equal("ga", me["departmentKey"]!.GetValue<string>());
        Assert.Equal("340100", me["regionCode"]!.GetValue<string>());
        Assert.Equal([StaffRoles.CatalogEditor], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var workspace = await HtmlAsync(await client.GetAsync("/admin"));
        Assert.Contains("公安局事项编辑（演示）", workspace);
        Assert.Contains("事项编辑人员", workspace);
        Assert.Contains("/admin/catalog", workspace);
        // The header names the person and offers sign-out.
        Assert.Contains("退出", workspace);
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer_and_no_session()
    {
        var app = await AppAsync();
        var account = await CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        foreach (var (user, password) in new[] { (account.Staff.UserName, "wrong-password-1"), ("nobody." + Guid.NewGuid().ToString("N")[..8], "wrong-password-1"), ("x", "y") })
        {
            var client = app.Anonymous();
            var response = await OneWindowApp.PostSignInAsync(client, user, password);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await HtmlAsync(response);
            Assert.Contains(Generic, html);
            Assert.DoesNotContain("不存在", html);
            Assert.DoesNotContain("wrong-password-1", html);
            await Json.ProblemAsync(await client.GetAsync("/api/v1/staff/me"), 401);
        }
    }

    [Fact]
    public async Task Empty_fields_are_pointed_out_next_to_each_field_and_the_user_name_is_kept()
    {
        var app = await AppAsync();
        var response = await OneWindowApp.PostSignInAsync(app.Anonymous(), "ga.window", "");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await HtmlAsync(response);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains("<p class=\"field-error\" id=\"password-error\">请输入密码</p>", html);
        Assert.Contains("aria-describedby=\"password-error\"", html);
        Assert.Contains("value=\"ga.window\"", html);
        Assert.DoesNotContain("id=\"userName-error\"", html);
    }

    [Fact]
    public async Task The_form_needs_its_antiforgery_token()
    {
        var app = await AppAsync();
        var response = await app.Anonymous().PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "ga.window", ["Password"] = DemoStaff.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Too_many_wrong_passwords_make_the_account_wait_and_say_how_long()
    {
        var app = await AppAsync();
        var account = await CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        string html = "";
        for (var i = 0; i < 5; i++)
        {
            html = await HtmlAsync(await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, "wrong-password-" + i));
        }

        Assert.Matches(@"密码错误次数过多，请 \d+ 分钟后再试（\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 之后，北京时间）", html);
        Assert.Contains("id=\"password-error\"", html);
        // During the wait the right password is refused too, without being checked, with the same message.
        var right = await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, account.InitialPassword);
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("密码错误次数过多", await HtmlAsync(right));
        Assert.True(right.Headers.RetryAfter is not null);
        var actions = (await AuditAboutAsync(app, account.Staff.Id)).Select(e => e.Action).ToList();
        Assert.Contains("identity.signin.throttled", actions);
        Assert.Contains("identity.signin.refused", actions);
    }

    [Fact]
    public async Task A_disabled_account_is_refused_and_told_so_only_with_the_right_password()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var account = await CreateAsync(app, "ga", null, StaffRoles.WindowOfficer);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/staff/{account.Staff.Id}/disable", null)).StatusCode);

        var wrong = await HtmlAsync(await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, "wrong-password-9"));
        Assert.Contains(Generic, wrong);
        var right = await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, account.InitialPassword);
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("该账号已停用", await HtmlAsync(right));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/staff/{account.Staff.Id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindowApp.PostSignInAsync(app.Anonymous(), account.Staff.UserName, account.InitialPassword)).StatusCode);
    }

    [Theory]
    [InlineData("/admin/catalog?status=submitted", "/admin/catalog?status=submitted")]
    [InlineData("https://evil.example/phish", "/admin")]
    [InlineData("//evil.example/phish", "/admin")]
    [InlineData("/\\evil.example", "/admin")]
    public async Task Only_a_local_return_url_is_followed(string returnUrl, string expected)
    {
        var app = await AppAsync();
        var response = await OneWindowApp.PostSignInAsync(app.Anonymous(), "ga.editor", DemoStaff.Password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_back_office_sends_anonymous_users_to_the_staff_sign_in_and_back()
    {
        var app = await AppAsync();
        var redirect = await app.Anonymous().GetAsync("/admin/staff?department=ga");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/staff/signin?ReturnUrl=%2Fadmin%2Fstaff%3Fdepartment%3Dga", redirect.Headers.Location!.OriginalString);
        var page = await HtmlAsync(await app.Anonymous().GetAsync(redirect.Headers.Location.OriginalString));
        Assert.Contains("name=\"ReturnUrl\" value=\"/admin/staff?department=ga\"", page);
    }

    [Fact]
    public async Task Sign_out_is_a_post_with_a_token_and_ends_the_session()
    {
        var app = await AppAsync();
        var client = await app.SignedInAsync("editor", "ga");
        // Without the token nothing happens.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/staff/signout", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/staff/me")).StatusCode);

        var response = await PostFormAsync(client, "/admin", "/staff/signout", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await Json.ProblemAsync(await client.GetAsync("/api/v1/staff/me"), 401);
    }

    [Fact]
    public async Task An_open_session_ends_when_the_account_is_disabled_and_follows_role_changes()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var session = await app.SignInStaffAsync([StaffRoles.CatalogEditor], "ga");
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/admin/catalog")).StatusCode);

        // Revoked: the very next request no longer carries the role.
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/staff/{session.StaffId}/roles/{StaffRoles.CatalogEditor}")).StatusCode);
        Assert.Empty((await MeAsync(session.Client))["roles"]!.AsArray());
        await Json.ProblemAsync(await session.Client.PostAsync($"/api/v1/catalog/items/1/submit", null), 403);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/v1/staff/{session.StaffId}/roles/{StaffRoles.WindowOfficer}", null)).StatusCode);
        Assert.Equal([StaffRoles.WindowOfficer], (await MeAsync(session.Client))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        // Disabled: the session is over.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/staff/{session.StaffId}/disable", null)).StatusCode);
        await Json.ProblemAsync(await session.Client.GetAsync("/api/v1/staff/me"), 401);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task An_account_with_an_authenticator_app_continues_at_the_second_factor_and_comes_back_to_its_return_url()
    {
        var app = await AppAsync();
        var account = await CreateAsync(app, "ga", null, StaffRoles.CatalogEditor);
        var secret = Totp.NewSecret();
        await app.QueryAsync<IdentityDbContext, int>(db =>
        {
            var cipher = app.Services.GetRequiredService<IdentityProtector>().EncryptBytes(secret, ProtectedFields.TotpSecret);
            return db.Staff.Where(s => s.Id == account.Staff.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.TotpSecretCipher, cipher));
        });

        var client = app.Anonymous();
        var password = await OneWindowApp.PostSignInAsync(client, account.Staff.UserName, account.InitialPassword, "/admin/catalog");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/signin/second-factor?ReturnUrl=%2Fadmin%2Fcatalog", password.Headers.Location!.OriginalString);
        // The password alone grants nothing.
        await Json.ProblemAsync(await client.GetAsync("/api/v1/staff/me"), 401);

        var code = Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow));
        var second = await PostFormAsync(client, "/signin/second-factor?ReturnUrl=%2Fadmin%2Fcatalog", "/signin/second-factor?ReturnUrl=%2Fadmin%2Fcatalog", [new("Code", code)]);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("/admin/catalog", second.Headers.Location!.OriginalString);
        Assert.Equal([StaffRoles.CatalogEditor], (await MeAsync(client))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task A_successful_sign_in_is_audited_by_account_id_without_the_user_name()
    {
        var app = await AppAsync();
        var session = await app.SignInStaffAsync([StaffRoles.Reviewer], "ga");
        var entry = (await AuditAboutAsync(app, session.StaffId)).Single(e => e.Action == "identity.signin.succeeded");
        Assert.Equal($"staff:{session.StaffId}", entry.Actor);
        Assert.DoesNotContain(session.UserName, entry.Summary + entry.DataJson);
        Assert.DoesNotContain(session.Password, entry.Summary + entry.DataJson);
    }
}

[Trait("Database", "Sqlite")]
public sealed class StaffSignInTestsOnSqlite() : StaffSignInTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class StaffSignInTestsOnPostgres() : StaffSignInTests(DbKind.Postgres);
