using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.Identity.Features.Staff;
using OneWindow.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests;

/// <summary>The back office in a real browser: sign in with the staff form as a demo account, work the review queue,
/// the edit form and the staff accounts with the JavaScript-free flow, and keep it accessible.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class BackOfficeTests(BrowserFixture fixture, ITestOutputHelper output)
{
    // Arrival is checked by polling the address (Arrival), not with WaitForURLAsync, which can miss a navigation.

    /// <summary>Signs in through the real staff form as one of the seeded demo accounts (docs/identity.md).</summary>
    private static async Task SignInAsync(IPage page, BrowserFixture fixture, string userName)
    {
        await page.GotoAsync(fixture.Url("/staff/signin"));
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(DemoStaff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/admin");
    }

    [Fact]
    public async Task A_reviewer_signs_in_and_sees_the_catalogue_with_its_review_queue()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "sf.reviewer");
        await Expect(page.Locator("h1")).ToHaveTextAsync("我的工作台");
        await Expect(page.Locator(".role-list")).ToContainTextAsync("340100 及下级区划");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-workspace-zh-1366.png") });
        await page.GetByRole(AriaRole.Link, new() { Name = "事项管理" }).First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("事项");
        await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();

        var violations = await Axe.RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        output.WriteLine(Axe.Describe(violations));
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-list-zh-1366.png") });
    }

    [Fact]
    public async Task An_editor_gets_errors_next_to_the_fields_and_keeps_what_was_typed()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "ga.editor");
        await page.GotoAsync(fixture.Url("/admin/catalog/new"));
        await page.Locator("#f-name").FillAsync("浏览器测试事项");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).First.ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(page.Locator(".field-error").First).ToBeVisibleAsync();
        await Expect(page.Locator("#f-name")).ToHaveValueAsync("浏览器测试事项");

        var violations = await Axe.RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-form-errors-zh-1366.png"), FullPage = false });
    }

    [Fact]
    public async Task A_platform_admin_searches_the_audit_log_and_verifies_the_chain()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "admin");
        await page.GotoAsync(fixture.Url("/admin/audit"));
        await Expect(page.Locator("h1")).ToContainTextAsync("审计");
        await Expect(page.Locator("form").First).ToBeVisibleAsync();

        var violations = await Axe.RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-audit-zh-1366.png") });

        // The platform admin's directory has every department and the division filter.
        await page.GotoAsync(fixture.Url("/admin/staff?region=340104"));
        await Expect(page.Locator("table")).ToContainTextAsync("ss.reviewer");
        await Expect(page.Locator("table")).Not.ToContainTextAsync("ga.admin");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-staff-region-zh-1366.png") });
    }

    [Fact]
    public async Task A_wrong_password_is_answered_in_the_error_summary_without_saying_which_part_was_wrong()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Url("/staff/signin?ReturnUrl=%2Fadmin%2Fstaff"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("工作人员登录");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "staff-signin-zh-1366.png") });

        await page.GetByLabel("用户名").FillAsync("ga.admin");
        await page.GetByLabel("密码").FillAsync("not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("用户名或密码错误");
        await Expect(page.GetByLabel("用户名")).ToHaveValueAsync("ga.admin");
        await Expect(page.GetByLabel("密码")).ToHaveValueAsync("");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "staff-signin-error-zh-1366.png") });

        // The return URL survives the failed attempt.
        await page.GetByLabel("密码").FillAsync(DemoStaff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/admin/staff");
        await Expect(page.Locator("h1")).ToHaveTextAsync("工作人员");
    }

    [Fact]
    public async Task A_department_admin_creates_an_account_sees_its_one_time_password_and_signs_out()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "ga.admin");
        await Expect(page.Locator("header")).ToContainTextAsync("公安局部门管理员（演示）");
        await page.GetByRole(AriaRole.Link, new() { Name = "工作人员" }).First.ClickAsync();
        await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-staff-zh-1366.png") });

        await page.GetByRole(AriaRole.Link, new() { Name = "新建工作人员" }).ClickAsync();
        await page.GetByLabel("用户名").FillAsync("Bad Name");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#userName-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#displayName-error")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-staff-new-errors-zh-1366.png") });

        var userName = "ga.b" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("姓名").FillAsync("浏览器测试人员");
        await page.GetByLabel("窗口受理人员").CheckAsync();
        // A department admin is not offered the roles only a platform admin grants.
        await Expect(page.GetByLabel("平台管理员")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
        var password = await page.Locator("#initial-password").TextContentAsync();
        Assert.Matches("^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$", password);

        await page.GetByRole(AriaRole.Link, new() { Name = "查看该账号" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("浏览器测试人员");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(password!);
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-staff-show-zh-1366.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/staff/signin");
        await page.GotoAsync(fixture.Url("/admin/staff"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("工作人员登录");
    }

    [Fact]
    public async Task A_platform_admin_reads_the_working_day_calendar_and_gets_line_numbered_errors()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "工作日历" }).First.ClickAsync();
        await Arrival.AtPathAsync(page, "/admin/calendar");
        await page.GetByLabel("年份").FillAsync("2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Expect(page.Locator("table.dense")).ToContainTextAsync("春节调休上班");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-calendar-zh-1366.png"), FullPage = true });

        // Errors name their line, at the top and next to the textarea; nothing is saved.
        await page.GotoAsync(fixture.Url("/admin/calendar?year=2030"));
        await page.GetByLabel("节假日表").FillAsync("2030-01-01\tholiday\t元旦\n2030-02-30\tholiday\t春节\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("第2行");
        await Expect(page.Locator("#tsv-error")).ToContainTextAsync("第2行");
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-calendar-errors-zh-1366.png") });
    }

    [Fact]
    public async Task The_staff_header_and_pages_fit_a_phone()
    {
        await using var context = await fixture.NewContextAsync(width: 360, height: 800, bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "admin");
        foreach (var path in new[] { "/admin", "/admin/staff", "/admin/staff/new", "/admin/calendar", "/staff/signout" })
        {
            await page.GotoAsync(fixture.Url(path));
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 360, $"{path}: {scrollWidth}px wide at 360px");
        }

        await page.GotoAsync(fixture.Url("/admin/staff"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-staff-zh-360.png") });
    }

    [Fact]
    public async Task A_department_admin_opens_the_webhooks_page_from_the_workspace()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "ga.admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "事件订阅" }).First.ClickAsync();
        await Arrival.AtPathAsync(page, "/admin/webhooks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("事件订阅");
        await Expect(page.Locator("h2").First).ToHaveTextAsync("订阅");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(fixture.Url("/admin/webhooks?lang=en"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webhooks");
        await AssertAccessibleAsync(page);
    }

    private async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        output.WriteLine(Axe.Describe(violations));
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
    }

    private static string ArtifactsFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
