using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests;

/// <summary>The catalogue back office in a real browser: sign in with the form, work the review queue and the edit
/// form with the keyboard-free, JavaScript-free flow, and keep it accessible.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class BackOfficeTests(BrowserFixture fixture, ITestOutputHelper output)
{
    // Wait for the navigation to commit, not for "load": the load event can fire before the waiter is attached, and the
    // assertions that follow wait for the content they need anyway.
    private static readonly PageWaitForURLOptions CommittedOnly = new() { WaitUntil = WaitUntilState.Commit };

    private static async Task SignInAsync(IPage page, BrowserFixture fixture, string roleLabel, string? department = null)
    {
        await page.GotoAsync(fixture.Url("/staff/signin"));
        await page.GetByLabel(roleLabel).CheckAsync();
        if (department != null)
        {
            await page.Locator("#department").SelectOptionAsync(new SelectOptionValue { Label = department });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/catalog**", CommittedOnly);
    }

    [Fact]
    public async Task A_reviewer_signs_in_and_sees_the_catalogue_with_its_review_queue()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await SignInAsync(page, fixture, "事项审核（编办/法制）");
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
        await SignInAsync(page, fixture, "事项编辑（部门）", "合肥市公安局");
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
        await SignInAsync(page, fixture, "平台管理员");
        await page.GotoAsync(fixture.Url("/admin/audit"));
        await Expect(page.Locator("h1")).ToContainTextAsync("审计");
        await Expect(page.Locator("form").First).ToBeVisibleAsync();

        var violations = await Axe.RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder(), "admin-audit-zh-1366.png") });
    }

    private static string ArtifactsFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
