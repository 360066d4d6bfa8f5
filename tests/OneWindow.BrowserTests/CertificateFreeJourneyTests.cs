using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Identity.Features.Staff;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static OneWindow.BrowserTests.Infrastructure.Citizens;

namespace OneWindow.BrowserTests;

/// <summary>
/// 免证办 and 秒批 through the real pages, with the real base registries and licence library of the demo city: the
/// demo applicant 张晓明 (real-name verified; the population registry and the licence library hold his records)
/// opens 内地居民结婚登记 and finds his 居民户口簿 ticked as proven by his e-licence and the form prefilled from the
/// registry with the source shown; then applies for 社会保障卡申领, an instant-approval item, which closes at once with
/// a new e-licence that he opens in 我的证照 and verifies through the link its QR code carries.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class CertificateFreeJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static FilePayload PdfFile(string name) => new()
    {
        Name = name,
        MimeType = "application/pdf",
        Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% " + name + Guid.NewGuid() + "\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
    };

    private async Task<long> ItemIdAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        var items = JsonNode.Parse(await http.GetStringAsync("/api/v1/catalog/items?q=" + Uri.EscapeDataString(name)))!["items"]!.AsArray();
        return items.First(i => i!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<long>();
    }

    private static async Task<long> StartApplicationAsync(IPage page, long itemId)
    {
        await page.GotoAsync($"/items/{itemId}");
        await page.Locator("#apply-online").ClickAsync();
        await Arrival.MatchingAsync(page, new Regex(@"/apply/\d+$"));
        return long.Parse(Regex.Match(page.Url, @"/apply/(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_citizen_with_licences_applies_without_handing_in_what_government_holds_and_gets_an_instant_licence_they_can_verify()
    {
        var demo = DemoCitizens.People[0];
        var citizen = new TestCitizen(0, demo.Name, demo.IdNumber, demo.Phone, DemoStaff.Password);
        await using var context = await fixture.NewContextAsync(bypassCsp: true); // axe injects its script
        var page = await context.NewPageAsync();
        await SignInAsync(page, citizen);

        // 内地居民结婚登记: the household register is proven by his e-licence, the form is prefilled from the registry.
        await StartApplicationAsync(page, await ItemIdAsync("内地居民结婚登记"));
        await Expect(page.Locator("#material-0-proof")).ToContainTextAsync("已通过电子证照免提交：居民户口簿");
        await Expect(page.Locator("#upload-0")).ToHaveCountAsync(0);
        await Expect(page.Locator("#f-fullName")).ToHaveValueAsync(demo.Name);
        await Expect(page.Locator("#f-fullName-source")).ToContainTextAsync("来自");
        await Expect(page.Locator("#f-householdAddress")).Not.ToHaveValueAsync("");
        await Expect(page.Locator("#f-householdAddress-source")).ToContainTextAsync("户籍");
        await Screenshots.SaveAsync(page, "certificate-free-apply-zh-1366.png", fullPage: true);
        await PageChecks.AssertAccessibleAsync(page, "/apply/{id} with proven materials and prefilled fields", output);

        // 社会保障卡申领 (秒批): the ID card is proven; photo and form uploaded; submitting closes the case at once.
        var caseId = await StartApplicationAsync(page, await ItemIdAsync("社会保障卡申领"));
        await Expect(page.Locator("#material-0-proof")).ToContainTextAsync("免提交");
        await page.Locator("#f-contactPhone").FillAsync("13800000001");
        await page.Locator("#upload-1").SetInputFilesAsync(PdfFile("证件照.pdf"));
        await page.Locator("#upload-2").SetInputFilesAsync(PdfFile("社会保障卡申领登记表.pdf"));
        await page.Locator("#submit").ClickAsync();
        await Arrival.AtPathAsync(page, $"/apply/{caseId}/done");

        await page.GotoAsync($"/account/cases/{caseId}");
        await Expect(page.Locator("#case-status")).ToContainTextAsync("办结");
        await Expect(page.Locator("#auto-decision")).ToContainTextAsync("已通过");
        await Expect(page.Locator("#auto-decision")).ToContainTextAsync("年满 16 周岁");
        await Expect(page.Locator("#result-licence")).ToContainTextAsync("电子证照已发放");
        await Screenshots.SaveAsync(page, "certificate-free-instant-closed-zh-1366.png", fullPage: true);

        // 我的证照: the new licence with its QR code; the link the QR carries verifies it.
        await page.GotoAsync("/account/licences");
        await page.GetByRole(AriaRole.Link, new() { Name = "中华人民共和国社会保障卡" }).First.ClickAsync();
        await Arrival.MatchingAsync(page, new Regex(@"/account/licences/\d+$"));
        await Expect(page.Locator("#licence-holder")).ToHaveTextAsync(demo.Name);
        await Expect(page.Locator("figure.qr svg")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "licence-printable-zh-1366.png", fullPage: true);
        await PageChecks.AssertAccessibleAsync(page, "/account/licences/{id}", output);
        await page.GetByRole(AriaRole.Link, new() { Name = "打开核验链接" }).ClickAsync();
        await Arrival.MatchingAsync(page, new Regex(@"/licences/verify\?p=OWL1\."));
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("有效");
        await Expect(page.Locator("#verify-holder")).Not.ToHaveTextAsync(demo.Name); // masked for whoever scans it
        await Screenshots.SaveAsync(page, "licence-verified-zh-1366.png", fullPage: true);
        await PageChecks.AssertAccessibleAsync(page, "/licences/verify (valid)", output);
        var verifyUrl = page.Url;

        // On a phone: the same pages fit 360 px without sideways scrolling.
        await using var phoneContext = await fixture.NewContextAsync(width: 360, height: 740);
        var phone = await phoneContext.NewPageAsync();
        await SignInAsync(phone, citizen);
        await phone.GotoAsync($"/account/cases/{caseId}");
        await Expect(phone.Locator("#result-licence")).ToBeVisibleAsync();
        await PageChecks.AssertNoHorizontalScrollAsync(phone, "/account/cases/{id} (秒批) at 360 px");
        await phone.GotoAsync("/account/licences");
        await PageChecks.AssertNoHorizontalScrollAsync(phone, "/account/licences at 360 px");
        await phone.GetByRole(AriaRole.Link, new() { Name = "中华人民共和国社会保障卡" }).First.ClickAsync();
        await Arrival.MatchingAsync(phone, new Regex(@"/account/licences/\d+$"));
        await Screenshots.SaveAsync(phone, "licence-printable-zh-360.png", fullPage: true);
        await PageChecks.AssertNoHorizontalScrollAsync(phone, "/account/licences/{id} at 360 px");
        await phone.GotoAsync(verifyUrl);
        await Expect(phone.Locator("#verify-result")).ToContainTextAsync("有效");
        await Screenshots.SaveAsync(phone, "licence-verified-zh-360.png", fullPage: true);
        await PageChecks.AssertNoHorizontalScrollAsync(phone, "/licences/verify at 360 px");
    }
}
