using System.Text;
using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static OneWindow.BrowserTests.Infrastructure.Citizens;

namespace OneWindow.BrowserTests;

/// <summary>/account/files (我的材料) in Chromium: choose a file and upload it with the keyboard, see it listed; a file
/// whose content is not what its name says is explained next to the field; axe and a 360 px phone in both languages.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class FilesPageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(IdentityJourneyTests.LanguagesAndWidths), MemberType = typeof(IdentityJourneyTests))]
    public async Task A_citizen_uploads_materials_and_sees_refusals_next_to_the_field(string lang, int width)
    {
        var citizen = await RegisterByApiAsync(fixture);
        await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768, bypassCsp: true);
        var page = await context.NewPageAsync();

        async Task CheckAsync(string what)
        {
            var name = $"{what} ({lang}, {width}px)";
            await PageChecks.AssertAccessibleAsync(page, name, output);
            if (width == 360)
            {
                await PageChecks.AssertNoHorizontalScrollAsync(page, name);
            }
        }

        await page.GotoAsync("/signin");
        await TypeAsync(page.Locator("#idNumber"), citizen.IdNumber);
        await TypeAsync(page.Locator("#password"), citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");
        await page.Locator("#nav-files").ClickAsync();
        await Arrival.AtPathAsync(page, "/account/files");
        await CheckAsync("/account/files, empty");

        var name = "营业执照副本（2026年扫描件，用于企业开办和变更登记）.pdf";
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = name,
            MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes($"%PDF-1.4\n% {Guid.NewGuid():N}\n%%EOF\n"),
        });
        await page.Locator("#file").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Arrival.ContainingAsync(page, "done=uploaded");
        await Expect(page.Locator("#upload-done")).ToBeVisibleAsync();
        await Expect(page.Locator("td.file-name")).ToHaveTextAsync(name);
        await CheckAsync("/account/files with a file");

        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "照片.pdf", MimeType = "application/pdf", Buffer = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9] });
        await page.Locator("form[enctype='multipart/form-data'] button[type=submit]").ClickAsync();
        await Expect(page.Locator("#file-error")).ToHaveTextAsync(lang == "en" ? "The file is not a PDF" : "文件内容不是 PDF");
        await Expect(page.Locator("#file")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#upload-done")).ToHaveCountAsync(0);
        await CheckAsync("/account/files with a refusal");
        if (lang == "zh-CN")
        {
            await Screenshots.SaveAsync(page, $"account-files-zh-{width}.png", fullPage: true);
        }
    }
}
