using Microsoft.Playwright;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>Checks shared by the layout, accessibility and journey tests.</summary>
public static class PageChecks
{
    /// <summary>Fails when the page is wider than the viewport (sideways scrolling), naming what sticks out.</summary>
    public static async Task AssertNoHorizontalScrollAsync(IPage page, string what)
    {
        var width = page.ViewportSize?.Width ?? throw new InvalidOperationException("The page has no fixed viewport.");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{what} is {scrollWidth}px wide at a {width}px viewport: {await WidestAsync(page)}");
    }

    /// <summary>Runs axe-core (the context must bypass CSP) and fails on serious or critical violations, writing all of them to the output.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string what, Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        var violations = await Axe.RunAsync(page);
        if (violations.Count > 0)
        {
            output?.WriteLine($"{what}:\n{Axe.Describe(violations)}");
        }

        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe found serious/critical problems on {what}:\n{Axe.Describe(blocking)}");
    }

    /// <summary>axe on the page, and on a 360 px phone no sideways scrolling: what every journey checks at each step.</summary>
    public static async Task AssertAccessibleAndFitsAsync(IPage page, string name, int width, Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        await AssertAccessibleAsync(page, name, output);
        if (width == 360)
        {
            await AssertNoHorizontalScrollAsync(page, name);
        }
    }

    /// <summary>Names the elements that stick out of the viewport, for the failure message.</summary>
    public static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .slice(0, 8)
            .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`)
            .join(', ')
        """);
}
