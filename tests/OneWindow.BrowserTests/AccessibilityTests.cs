using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace OneWindow.BrowserTests;

/// <summary>axe-core (WCAG 2.0/2.1 A and AA) on the public pages, in both languages, on a desktop and a phone.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string, int> Pages()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var page in new[] { "home", "search", "guide", "department", "signin", "register", "citizen-signin", "password-reset" })
        {
            foreach (var lang in new[] { "zh-CN", "en" })
            {
                foreach (var width in new[] { 1366, 360 })
                {
                    data.Add(page, lang, width);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task No_serious_or_critical_axe_violations(string pageName, string lang, int width)
    {
        await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768, bypassCsp: true);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(PortalPages.Path(fixture, pageName));
        Assert.Equal(200, response?.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);

        var violations = await Axe.RunAsync(page);
        if (violations.Count > 0)
        {
            output.WriteLine(Axe.Describe(violations));
        }

        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe found serious/critical problems on {pageName} ({lang}, {width}px):\n{Axe.Describe(blocking)}");
    }

    /// <summary>Guards the check itself: axe is loaded and reports a known problem, so a green run means something.</summary>
    [Fact]
    public async Task Axe_reports_a_known_violation()
    {
        await using var context = await fixture.NewContextAsync(bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><img src=\"data:,\"></main></body></html>");

        var violations = await Axe.RunAsync(page);
        Assert.Contains(violations, v => v.Id == "image-alt" && v.Impact == "critical");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
