using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;

namespace OneWindow.BrowserTests;

/// <summary>
/// The pages fit a 360 px phone without sideways scrolling, and screenshots of the main pages (see <see cref="Screenshots"/>
/// for where they go).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class LayoutTests(BrowserFixture fixture)
{
    public static TheoryData<string, string> PhonePages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "home", "search", "guide", "department", "signin", "register", "citizen-signin", "password-reset" })
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
        Assert.True(scrollWidth <= 360, $"{pageName} ({lang}) is {scrollWidth}px wide at a 360px viewport: {await PageChecks.WidestAsync(page)}");
    }

    [Theory]
    [MemberData(nameof(ScreenshotPages))]
    public async Task Screenshot(string pageName, string lang, int width)
    {
        await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768);
        var page = await context.NewPageAsync();
        await page.GotoAsync(PortalPages.Path(fixture, pageName));
        var name = $"{pageName}-{(lang == "en" ? "en" : "zh")}-{width}.png";
        await Screenshots.SaveAsync(page, name);

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{name}: {scrollWidth}px wide at a {width}px viewport");
    }
}
