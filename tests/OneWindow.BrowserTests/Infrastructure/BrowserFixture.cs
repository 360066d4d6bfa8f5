using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>One app and one headless Chromium for the whole run; each test opens its own context (cookies, viewport, language).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public PortalServer Server { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The id of the demo item 普通护照签发 (used by the guide-page checks).</summary>
    public long PassportItemId { get; private set; }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing. Install it as root: apt-get install -y chromium fonts-noto-cjk");
        }

        await Server.StartAsync();
        using (var http = new HttpClient { BaseAddress = BaseAddress })
        {
            var found = JsonNode.Parse(await http.GetStringAsync("/api/v1/catalog/items?q=" + Uri.EscapeDataString("普通护照签发")))?["items"]?.AsArray()
                .FirstOrDefault(item => item?["name"]?.GetValue<string>() == "普通护照签发");
            PassportItemId = found?["id"]?.GetValue<long>() ?? throw new InvalidOperationException("The demo item 普通护照签发 was not found");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh context (own cookies) in the given language and viewport.</summary>
    public async Task<IBrowserContext> NewContextAsync(string lang = "zh-CN", int width = 1366, int height = 768, bool javaScript = true, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = lang,
            JavaScriptEnabled = javaScript,
            BypassCSP = bypassCsp,
        });
        // Generous: CI runs three suites side by side on two cores; this bounds a hang, it does not measure speed.
        context.SetDefaultTimeout(45_000);
        if (lang == "en")
        {
            await context.AddCookiesAsync(
            [
                new Microsoft.Playwright.Cookie { Name = ".AspNetCore.Culture", Value = WebUtility.UrlEncode("c=en|uic=en"), Url = BaseAddress.ToString() },
            ]);
        }

        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser != null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
