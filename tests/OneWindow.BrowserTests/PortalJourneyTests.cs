using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests;

/// <summary>What a citizen does on the portal, in a real Chromium against the real app.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed partial class PortalJourneyTests(BrowserFixture fixture)
{
    // Arrival is checked by polling the address (Arrival), not with WaitForURLAsync, which can miss a navigation.

    [Fact]
    public async Task Search_from_the_home_page_and_open_the_passport_guide()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "我要办" });
        await box.FillAsync("护照");
        await box.PressAsync("Enter");
        await Arrival.MatchingAsync(page, SearchUrl());

        var result = page.Locator(".result-list").GetByRole(AriaRole.Link, new() { Name = "普通护照签发" });
        await Expect(result).ToBeVisibleAsync();
        await result.ClickAsync();
        await Arrival.MatchingAsync(page, GuideUrl());

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "普通护照签发" })).ToBeVisibleAsync();
        foreach (var heading in new[] { "受理条件", "申请材料", "办理流程" })
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = heading, Exact = true })).ToBeVisibleAsync();
        }

        var materials = page.Locator("#materials").GetByRole(AriaRole.Table);
        await Expect(materials).ToBeVisibleAsync();
        await Expect(materials.GetByRole(AriaRole.Columnheader, new() { Name = "材料名称" })).ToBeVisibleAsync();
        Assert.True(await materials.Locator("tbody tr").CountAsync() > 0, "the materials table has no rows");
    }

    [Theory]
    [InlineData("huzhao")]
    [InlineData("hz")]
    public async Task Pinyin_and_initials_find_the_passport_item(string query)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "我要办" });
        await box.FillAsync(query);
        await box.PressAsync("Enter");
        await Arrival.MatchingAsync(page, SearchUrl());

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(query);
        await Expect(page.Locator(".result-list").GetByRole(AriaRole.Link, new() { Name = "普通护照签发" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Filters_narrow_the_results_and_stay_selected()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/search");

        var target = page.GetByLabel("服务对象", new() { Exact = true });
        var topic = page.GetByLabel("服务主题", new() { Exact = true });
        await target.SelectOptionAsync(new SelectOptionValue { Label = "企业法人" });
        await topic.SelectOptionAsync(new SelectOptionValue { Label = "税务缴纳" });
        await page.GetByRole(AriaRole.Button, new() { Name = "应用筛选" }).ClickAsync();
        await Arrival.MatchingAsync(page, new Regex("target=2.*topic=|topic=.*target=2"));

        var results = page.Locator(".result-list > li");
        await Expect(results.First).ToBeVisibleAsync();
        var metas = await page.Locator(".result-list > li .meta").AllInnerTextsAsync();
        Assert.NotEmpty(metas);
        Assert.All(metas, meta => Assert.StartsWith("合肥市地方税务局", meta.Trim()));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"找到 {metas.Count} 个事项" })).ToBeVisibleAsync();

        await Expect(target).ToHaveValueAsync("2");
        await Expect(topic).ToHaveValueAsync("税务缴纳");
    }

    [Fact]
    public async Task English_switch_translates_the_page_and_is_remembered()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "One window for every government service" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Departments" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/departments");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Department windows" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "中文", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Search_and_guide_work_without_JavaScript()
    {
        await using var context = await fixture.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "我要办" });
        await box.FillAsync("护照");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Arrival.MatchingAsync(page, SearchUrl());

        await page.Locator(".result-list").GetByRole(AriaRole.Link, new() { Name = "普通护照签发" }).ClickAsync();
        await Arrival.MatchingAsync(page, GuideUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "普通护照签发" })).ToBeVisibleAsync();
        await Expect(page.Locator("#materials").GetByRole(AriaRole.Table)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Keyboard_only_search_and_open_a_guide()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        // The first Tab stop is the skip link; following it puts the search box next in line.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "跳到主要内容" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "我要办" })).ToBeFocusedAsync();

        await page.Keyboard.TypeAsync("护照");
        await page.Keyboard.PressAsync("Enter");
        await Arrival.MatchingAsync(page, SearchUrl());

        var first = page.Locator(".result-list a").First;
        await Expect(first).ToBeVisibleAsync();
        var expectedHref = await first.GetAttributeAsync("href");
        for (var presses = 0; presses < 40 && !await first.EvaluateAsync<bool>("a => a === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(first).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, expectedHref!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "申请材料", Exact = true })).ToBeVisibleAsync();
    }

    [GeneratedRegex("/search\\?")]
    private static partial Regex SearchUrl();

    [GeneratedRegex("/items/\\d+$")]
    private static partial Regex GuideUrl();
}
