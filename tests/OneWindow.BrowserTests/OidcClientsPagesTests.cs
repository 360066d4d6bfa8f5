using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.Staff;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests;

/// <summary>Client administration (接入系统) in a real browser, by keyboard: a department admin registers a client,
/// gets errors next to the fields, sees the secret once, rotates it and disables the client; the pages stay accessible
/// in Chinese and English.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class OidcClientsPagesTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_department_admin_registers_a_client_by_keyboard_and_sees_its_secret_once()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Url("/staff/signin"));
        await page.GetByLabel("用户名").FillAsync("ga.admin");
        await page.GetByLabel("密码").FillAsync(DemoStaff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "接入系统" }).First.ClickAsync();
        await Arrival.AtPathAsync(page, "/admin/oidc/clients");
        await Expect(page.Locator("h1")).ToHaveTextAsync("接入系统");
        await Expect(page.Locator("table")).ToContainTextAsync("gaj-business-system");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "登记接入系统" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/admin/oidc/clients/new");

        // Keyboard only: type a bad client id, Tab to the name, leave it empty, Enter submits.
        await page.GetByLabel("客户端标识").FocusAsync();
        await page.Keyboard.TypeAsync("Bad Id");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#clientId-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#name-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("客户端标识")).ToHaveValueAsync("Bad Id");
        await AssertAccessibleAsync(page);

        var clientId = "ga-browser-" + Guid.NewGuid().ToString("N")[..8];
        await page.GetByLabel("客户端标识").FillAsync("");
        await page.GetByLabel("客户端标识").FocusAsync();
        await page.Keyboard.TypeAsync(clientId);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("浏览器测试系统");
        await page.GetByLabel("回调地址").FillAsync("https://dept.example/callback");
        await page.GetByLabel("回调地址").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).PressAsync("Enter");
        var secret = await page.Locator("#client-secret").TextContentAsync();
        Assert.Equal(43, secret!.Trim().Length);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "查看该系统" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("浏览器测试系统");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(secret.Trim());
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "更换密钥" }).PressAsync("Enter");
        var rotated = await page.Locator("#client-secret").TextContentAsync();
        Assert.NotEqual(secret.Trim(), rotated!.Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "停用" }).PressAsync("Enter");
        await Expect(page.Locator(".notice")).ToContainTextAsync("已停用");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "启用" })).ToBeVisibleAsync();

        await page.GotoAsync(page.Url + "?lang=en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    private async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        output.WriteLine(Axe.Describe(violations));
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
    }
}
