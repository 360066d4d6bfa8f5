using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>
/// Waits until a navigation has arrived by polling the page's address. WaitForURLAsync checks the address and then
/// attaches a navigation waiter; a navigation that commits between the two is missed, which under load showed up as
/// 45 s timeouts although the server had answered in 0.1 s. The content checks that follow wait for their content.
/// </summary>
public static class Arrival
{
    private static readonly PageAssertionsToHaveURLOptions Patient = new() { Timeout = 45_000 };

    /// <summary>The address's path is <paramref name="path"/> (query and fragment aside).</summary>
    public static Task AtPathAsync(IPage page, string path) =>
        Expect(page).ToHaveURLAsync(new Regex("^[a-z]+://[^/]+" + Regex.Escape(path) + "([?#].*)?$"), Patient);

    /// <summary>The address matches <paramref name="pattern"/> anywhere.</summary>
    public static Task MatchingAsync(IPage page, Regex pattern) => Expect(page).ToHaveURLAsync(pattern, Patient);

    /// <summary>The address contains <paramref name="text"/>, in any case.</summary>
    public static Task ContainingAsync(IPage page, string text) =>
        Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(text), RegexOptions.IgnoreCase), Patient);
}
