using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;

namespace OneWindow.BrowserTests;

/// <summary>
/// The pages fit a 360 px phone without sideways scrolling, and screenshots of the main pages. Screenshots go to
/// artifacts/screenshots; with ONEWINDOW_UPDATE_SCREENSHOTS=1 also to docs/screenshots (committed, shown in the README).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class LayoutTests(BrowserFixture fixture)
{
    public static TheoryData<string, string> PhonePages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "home", "search", "guide", "department", "signin" })
        {
            foreach (var lang in new[] { "zh-CN", "en" })
            {
                data.Add(page, lang);
            }
        }

        return data;
    }

    public static TheoryData<string, string, int> ScreenshotPages()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var page in new[] { "home", "search", "guide" })
        {
            foreach (var lang in new[] { "zh-CN", "en" })
            {
                foreach (var width in new[] { 360, 1366 })
                {
                    data.Add(page, lang, width);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PhonePages))]
    public async Task No_horizontal_scroll_at_phone_width(string pageName, string lang)
    {
        await using var context = await fixture.NewContextAsync(lang, 360, 800);
        var page = await context.NewPageAsync();
        await page.GotoAsync(PortalPages.Path(fixture, pageName));

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 360, $"{pageName} ({lang}) is {scrollWidth}px wide at a 360px viewport: {await WidestAsync(page)}");
    }

    [Theory]
    [MemberData(nameof(ScreenshotPages))]
    public async Task Screenshot(string pageName, string lang, int width)
    {
        await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768);
        var page = await context.NewPageAsync();
        await page.GotoAsync(PortalPages.Path(fixture, pageName));
        await page.EvaluateAsync("() => document.fonts.ready");

        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = false, Type = ScreenshotType.Png });
        var name = $"{pageName}-{(lang == "en" ? "en" : "zh")}-{width}.png";
        var root = RepositoryRoot();
        Directory.CreateDirectory(Path.Combine(root, "artifacts", "screenshots"));
        await File.WriteAllBytesAsync(Path.Combine(root, "artifacts", "screenshots", name), png);
        if (Environment.GetEnvironmentVariable("ONEWINDOW_UPDATE_SCREENSHOTS") == "1")
        {
            await File.WriteAllBytesAsync(Path.Combine(root, "docs", "screenshots", name), png);
        }

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name}: {scrollWidth}px wide at a {width}px viewport");
    }

    /// <summary>Names the elements that stick out of the viewport, for the failure message.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .slice(0, 8)
            .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`)
            .join(', ')
        """);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneWindow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OneWindow.slnx not found above " + AppContext.BaseDirectory);
    }
}
