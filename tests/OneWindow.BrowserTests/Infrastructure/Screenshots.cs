using Microsoft.Playwright;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>
/// Screenshots go to artifacts/screenshots on every run; with ONEWINDOW_UPDATE_SCREENSHOTS=1 also to docs/screenshots
/// (committed, shown in the README).
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        await page.EvaluateAsync("() => document.fonts.ready");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = fullPage, Type = ScreenshotType.Png });
        await SaveAsync(png, name);
    }

    public static async Task SaveAsync(byte[] png, string name)
    {
        var root = RepositoryRoot();
        Directory.CreateDirectory(Path.Combine(root, "artifacts", "screenshots"));
        await File.WriteAllBytesAsync(Path.Combine(root, "artifacts", "screenshots", name), png);
        if (Environment.GetEnvironmentVariable("ONEWINDOW_UPDATE_SCREENSHOTS") == "1")
        {
            await File.WriteAllBytesAsync(Path.Combine(root, "docs", "screenshots", name), png);
        }
    }

    public static string RepositoryRoot()
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
