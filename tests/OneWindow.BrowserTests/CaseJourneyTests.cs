using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.Staff;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static OneWindow.BrowserTests.Infrastructure.Citizens;

namespace OneWindow.BrowserTests;

/// <summary>
/// One whole case through the real pages in Chromium: the 公安局 admin sets a process with a parallel review by 公安局 and
/// 司法局, a citizen applies with PDFs, the window officer asks for a correction, the citizen corrects, the officer
/// accepts, both reviewers approve, the 公安局 reviewer grants, the officer delivers and the citizen sees 办结 and the
/// decision. The staff pages are checked with axe in both languages and for sideways scrolling at 360 px.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class CaseJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static byte[] Pdf(string tag) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% " + tag + "\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static FilePayload PdfFile(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = Pdf(name + Guid.NewGuid()) };

    private async Task<IPage> StaffAsync(IBrowserContext context, string userName, string password = DemoStaff.Password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/staff/signin");
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("form.form button[type=submit]").ClickAsync();
        await Arrival.AtPathAsync(page, "/admin");
        return page;
    }

    private static async Task OpenCaseAsync(IPage page, string listPath, string number)
    {
        await page.GotoAsync(listPath);
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Arrival.MatchingAsync(page, new Regex(@"/admin/cases/\d+$"));
        await Expect(page.Locator("h1")).ToContainTextAsync(number);
    }

    private async Task CheckAsync(IPage page, string what)
    {
        await PageChecks.AssertAccessibleAsync(page, what, output);
        if (page.ViewportSize?.Width == 360)
        {
            await PageChecks.AssertNoHorizontalScrollAsync(page, what);
        }
    }

    [Fact]
    public async Task A_case_goes_from_application_through_correction_and_parallel_review_to_办结()
    {
        var itemId = fixture.PassportItemId;

        // The 公安局 department admin sets the process: a joint review by 公安局 and 司法局, the decision, delivery.
        await using var adminContext = await fixture.NewContextAsync(bypassCsp: true);
        var admin = await StaffAsync(adminContext, "ga.admin");
        await admin.GotoAsync($"/admin/cases/items/{itemId}/process");
        await admin.Locator("details summary").ClickAsync();
        var ga = await admin.Locator("details li", new() { HasTextString = "合肥市公安局" }).Locator("code").InnerTextAsync();
        var sf = await admin.Locator("details li", new() { HasTextString = "合肥市司法局" }).Locator("code").InnerTextAsync();
        await admin.Locator("#definition").FillAsync("{\"steps\":[{\"key\":\"joint\",\"name\":\"联合审查\",\"kind\":\"review\",\"role\":\"reviewer\"}]}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(admin.Locator("#definition-error")).ToContainTextAsync("需要且只能有一个决定环节");
        await CheckAsync(admin, "/admin/cases/items/{id}/process with errors");
        await admin.Locator("#definition").FillAsync($$"""
            {"steps":[
              {"key":"joint","name":"联合审查","nameEn":"Joint review","kind":"review","role":"reviewer","departmentIds":[{{ga}},{{sf}}]},
              {"key":"decide","name":"决定","nameEn":"Decision","kind":"decide","role":"reviewer"},
              {"key":"deliver","name":"送达","nameEn":"Delivery","kind":"deliver","role":"window_officer"}]}
            """);
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await Expect(admin.Locator("table")).ToContainTextAsync("合肥市司法局");

        // The platform admin creates a 司法局 case reviewer (sf.reviewer of the demo is a catalogue reviewer).
        var sfUser = "sfcase" + Guid.NewGuid().ToString("N")[..8];
        string sfPassword;
        await using (var platformContext = await fixture.NewContextAsync())
        {
            var platform = await StaffAsync(platformContext, "admin");
            await platform.GotoAsync("/admin/staff/new");
            await platform.Locator("#userName").FillAsync(sfUser);
            await platform.Locator("#displayName").FillAsync("司法局审查员");
            await platform.Locator("#departmentKey").SelectOptionAsync("sf");
            await platform.Locator("#role-reviewer").CheckAsync();
            await platform.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
            sfPassword = (await platform.Locator("#initial-password").InnerTextAsync()).Trim();
        }

        // The citizen applies with two PDFs.
        var citizen = await RegisterByApiAsync(fixture, NewName("孙"));
        await using var citizenContext = await fixture.NewContextAsync();
        var applicant = await citizenContext.NewPageAsync();
        await SignInAsync(applicant, citizen);
        await applicant.GotoAsync($"/items/{itemId}");
        await applicant.Locator("#apply-online").ClickAsync();
        await Arrival.MatchingAsync(applicant, new Regex(@"/apply/\d+$"));
        var caseId = long.Parse(Regex.Match(applicant.Url, @"/apply/(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await applicant.Locator("#f-contactPhone").FillAsync("13912345678");
        await applicant.Locator("#upload-1").SetInputFilesAsync(PdfFile("申请表.pdf"));
        await applicant.Locator("#upload-2").SetInputFilesAsync(PdfFile("照片.pdf"));
        await Screenshots.SaveAsync(applicant, "case-apply-form-zh-1366.png", fullPage: true);
        await applicant.Locator("#submit").ClickAsync();
        await Arrival.AtPathAsync(applicant, $"/apply/{caseId}/done");
        var number = (await applicant.Locator("#case-number").InnerTextAsync()).Trim();
        var code = (await applicant.Locator("#query-code").InnerTextAsync()).Trim();

        // The window officer finds it at the desk and asks for one correction point with a note.
        await using var windowContext = await fixture.NewContextAsync(bypassCsp: true);
        var window = await StaffAsync(windowContext, "ga.window");
        await window.GotoAsync("/admin/cases/desk");
        await Expect(window.Locator("tr", new() { HasTextString = number })).ToContainTextAsync("已提交，待受理");
        await OpenCaseAsync(window, "/admin/cases/desk", number);
        await window.GotoAsync("/admin/cases/desk");
        await Screenshots.SaveAsync(window, "case-desk-zh-1366.png");
        await CheckAsync(window, "/admin/cases/desk");
        await OpenCaseAsync(window, "/admin/cases/desk", number);
        await window.Locator("#correction-m2-pick").CheckAsync();
        await window.Locator("#correction-m2").FillAsync("照片背景不是白色，请重新上传近六个月内的白底照片");
        await window.Locator("#correction-note").FillAsync("其余材料齐全。");
        await window.GetByRole(AriaRole.Button, new() { Name = "发出补正通知" }).ClickAsync();
        await Expect(window.GetByRole(AriaRole.Status)).ToContainTextAsync("补正通知已发出");
        await Expect(window.Locator(".lead")).ToContainTextAsync("待补正材料");

        // The citizen reads the notice and corrects.
        await applicant.GotoAsync($"/account/cases/{caseId}");
        await Expect(applicant.Locator("#correction")).ToContainTextAsync("照片背景不是白色");
        await Screenshots.SaveAsync(applicant, "case-correction-notice-zh-1366.png", fullPage: true);
        await applicant.Locator("#correct-now").ClickAsync();
        await Arrival.AtPathAsync(applicant, $"/apply/{caseId}");
        await applicant.Locator("#upload-2").SetInputFilesAsync(PdfFile("白底照片.pdf"));
        await applicant.Locator("#submit").ClickAsync();
        await Arrival.AtPathAsync(applicant, $"/account/cases/{caseId}");
        await Expect(applicant.Locator("#case-status")).ToContainTextAsync("已补正");

        // The officer accepts; the receipt is printable.
        await OpenCaseAsync(window, "/admin/cases/desk", number);
        await window.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Expect(window.GetByRole(AriaRole.Status)).ToContainTextAsync("已受理");
        await window.GetByRole(AriaRole.Link, new() { Name = "受理通知书" }).ClickAsync();
        await Arrival.MatchingAsync(window, new Regex(@"/notices/\d+$"));
        await Expect(window.Locator("#notice-case-number")).ToHaveTextAsync(number);
        await Screenshots.SaveAsync(window, "case-receipt-zh-1366.png", fullPage: true);
        await CheckAsync(window, "/admin/cases/{id}/notices/{noticeId}");

        // 公安局 and 司法局 review in parallel, each from its own inbox.
        await using var gaReviewerContext = await fixture.NewContextAsync(bypassCsp: true);
        var gaReviewer = await StaffAsync(gaReviewerContext, "ga.reviewer");
        await gaReviewer.GotoAsync("/admin/cases?filter=unclaimed");
        var row = gaReviewer.Locator("tr", new() { HasTextString = number });
        await row.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Expect(gaReviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("已签收");
        await gaReviewer.GotoAsync("/admin/cases?filter=mine");
        await Expect(gaReviewer.Locator("tr", new() { HasTextString = number })).ToContainTextAsync("联合审查");
        await Screenshots.SaveAsync(gaReviewer, "case-inbox-zh-1366.png");
        await CheckAsync(gaReviewer, "/admin/cases (inbox)");
        await OpenCaseAsync(gaReviewer, "/admin/cases?filter=mine", number);
        await gaReviewer.Locator("textarea[name=Opinion]").FillAsync("身份信息核验一致，同意。");
        await gaReviewer.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
        await Expect(gaReviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交审查意见");
        await Expect(gaReviewer.GetByRole(AriaRole.Button, new() { Name = "作出决定" })).ToHaveCountAsync(0); // 司法局 has not answered yet

        await using var sfContext = await fixture.NewContextAsync(bypassCsp: true);
        var sfReviewer = await StaffAsync(sfContext, sfUser, sfPassword);
        await OpenCaseAsync(sfReviewer, "/admin/cases", number);
        await sfReviewer.Locator("textarea[name=Opinion]").FillAsync("无违法记录，同意。");
        await sfReviewer.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
        await Expect(sfReviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("已提交审查意见");

        // The 公安局 reviewer grants (准予 is preselected, the remedy text prefilled).
        await gaReviewer.ReloadAsync();
        await Expect(gaReviewer.Locator("textarea[name=Remedy]")).ToHaveValueAsync(new Regex("行政复议"));
        await Screenshots.SaveAsync(gaReviewer, "case-staff-page-zh-1366.png", fullPage: true);
        await CheckAsync(gaReviewer, "/admin/cases/{id} at the decision");
        await gaReviewer.GetByRole(AriaRole.Button, new() { Name = "作出决定" }).ClickAsync();
        await Expect(gaReviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("已作出决定");

        // The window officer delivers (pick-up at the hall): 办结.
        await window.GotoAsync("/admin/cases?filter=all");
        await OpenCaseAsync(window, "/admin/cases?filter=all", number);
        await window.GetByRole(AriaRole.Button, new() { Name = "确认送达" }).ClickAsync();
        await Expect(window.GetByRole(AriaRole.Status)).ToContainTextAsync("已送达");
        await Expect(window.Locator(".lead")).ToContainTextAsync("办结（准予）");

        // The citizen sees 办结 and the decision; the public progress shows every step.
        await applicant.GotoAsync($"/account/cases/{caseId}");
        await Expect(applicant.Locator("#case-status")).ToContainTextAsync("办结");
        await Expect(applicant.Locator("#decision")).ToContainTextAsync("准予");
        await Screenshots.SaveAsync(applicant, "case-citizen-closed-zh-1366.png", fullPage: true);
        await applicant.GotoAsync($"/progress?number={number}&code={code}");
        await Expect(applicant.Locator("#progress-status")).ToContainTextAsync("办结");
        await Expect(applicant.Locator("#steps")).ToContainTextAsync("联合审查");
        await Screenshots.SaveAsync(applicant, "case-progress-zh-1366.png", fullPage: true);

        // The staff pages in English and on a phone.
        foreach (var (lang, width) in new[] { ("en", 1366), ("zh-CN", 360), ("en", 360) })
        {
            await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768, bypassCsp: true);
            var page = await StaffAsync(context, "ga.window");
            foreach (var path in new[] { "/admin/cases/desk", "/admin/cases?filter=all", $"/admin/cases/{caseId}", $"/admin/cases/items/{itemId}/process", $"/admin/cases/items/{itemId}/form" })
            {
                await page.GotoAsync(path);
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
                await CheckAsync(page, $"{path} ({lang}, {width}px)");
            }

            if (width == 360 && lang == "zh-CN")
            {
                await page.GotoAsync($"/admin/cases/{caseId}");
                await Screenshots.SaveAsync(page, "case-staff-page-zh-360.png", fullPage: true);
            }
        }
    }
}
