using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.SignIn;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static OneWindow.BrowserTests.Infrastructure.Citizens;

namespace OneWindow.BrowserTests;

/// <summary>
/// The citizen identity journeys through the real pages in Chromium: register, verify the phone (L2), bind an
/// authenticator and sign in with it; act for enterprises; the pages' accessibility and error display.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class IdentityJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_citizen_registers_verifies_binds_an_authenticator_and_signs_in_with_it()
    {
        // The site's real CSP applies here (no bypass): anything it blocks, such as a style attribute in the QR code, is reported.
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        var citizen = new TestCitizen(0, NewName("王"), NewIdNumber(), NewPhone(), Password);

        // 注册: every field typed, Tab from one to the next, Enter sends the form.
        await page.GotoAsync("/register");
        await TypeAsync(page.GetByLabel("姓名"), citizen.Name);
        await TabToAsync(page, page.GetByLabel("公民身份号码"));
        await page.Keyboard.TypeAsync(citizen.IdNumber);
        await TabToAsync(page, page.GetByLabel("手机号码"));
        await page.Keyboard.TypeAsync(citizen.Phone);
        await TabToAsync(page, page.GetByLabel("密码"));
        await page.Keyboard.TypeAsync(citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "注册成功" })).ToBeVisibleAsync();
        await Expect(page.Locator("#registered-id-number")).ToHaveTextAsync(citizen.IdNumberMasked);

        // Sign in: level 1.
        await SignInAsync(page, citizen);
        await Expect(page.Locator("#profile-assurance")).ToHaveTextAsync("L1 注册用户");

        // 实名核验: the code goes to the phone (here: the development outbox), typed back it raises the account to L2.
        await page.GetByRole(AriaRole.Link, new() { Name = "实名核验（升级到 L2）" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/account/verify");
        await Expect(page.GetByText(citizen.PhoneMasked)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).ClickAsync();
        await Expect(page.Locator("#send-status")).ToBeVisibleAsync();
        var (smsCode, recipient) = await ReadCodeFromOutboxAsync(context, citizen);
        Assert.Matches(@"^citizen:\d+$", recipient);
        citizen = citizen with { Id = long.Parse(recipient["citizen:".Length..], System.Globalization.CultureInfo.InvariantCulture) };
        await TypeAsync(page.GetByLabel("短信验证码"), smsCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交核验" }).ClickAsync();
        await Expect(page.Locator("#verify-done")).ToContainTextAsync("L2 实名核验");
        await page.GotoAsync("/account");
        await Expect(page.Locator("#profile-assurance")).ToHaveTextAsync("L2 实名核验");

        // 两步验证: the QR code is drawn (inline SVG, square) and the key under it is what the app would read.
        var secret = await OfferAuthenticatorAsync(page);
        var qr = page.Locator("figure.qr svg");
        await Expect(qr).ToBeVisibleAsync();
        var box = await qr.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width >= 150 && Math.Abs(box.Width - box.Height) < 1, $"the QR code is {box.Width}×{box.Height}");
        Assert.True(await qr.Locator("rect, path").CountAsync() > 1, "the QR code has no modules");
        await Screenshots.SaveAsync(page, "account-security-qr-zh-1366.png", fullPage: true);
        var usedStep = await ConfirmAuthenticatorAsync(page, secret);

        // Sign out and in again: the password is not enough any more.
        await SignOutAsync(page);
        await SignInAsync(page, citizen, expectedPath: "/signin/second-factor");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "输入动态验证码" })).ToBeVisibleAsync();
        // The bind used this step's code and codes work once: the app's next code is the one that signs in.
        await TypeAsync(page.GetByLabel("动态验证码"), Totp.Code(secret, usedStep + 1));
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");

        await Expect(page.Locator("#profile-name")).ToHaveTextAsync(citizen.Name);
        var masked = citizen.IdNumber[..6] + "********" + citizen.IdNumber[^4..];
        await Expect(page.Locator("#profile-id-number")).ToHaveTextAsync(masked);
        await Expect(page.Locator("#profile-assurance")).ToHaveTextAsync("L2 实名核验");
        await Expect(page.Locator("#profile-totp")).ToHaveTextAsync("已开启（验证器应用）");
        Assert.DoesNotContain(citizen.IdNumber, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(citizen.IdNumber, await page.Locator("body").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

        // The outbox as a developer sees it, for the README.
        await page.GotoAsync("/dev/outbox");
        await Expect(page.Locator("tbody tr").Filter(new() { HasTextString = citizen.Subject }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "dev-outbox-zh-1366.png");

        Assert.True(blocked.Count == 0, "the CSP blocked something:\n" + string.Join('\n', blocked));
    }

    [Fact]
    public async Task An_enterprise_agent_switches_between_two_enterprises()
    {
        var owner = await RegisterByApiAsync(fixture, NewName("赵"));
        var agent = await RegisterByApiAsync(fixture, NewName("钱"));
        var suffix = Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        var first = $"合肥{suffix}云帆科技有限公司";
        var second = $"合肥{suffix}庐州建材贸易有限公司";

        // The owner registers both enterprises as their legal representative and authorizes the agent for each.
        await using (var ownerContext = await fixture.NewContextAsync())
        {
            var page = await ownerContext.NewPageAsync();
            await SignInAsync(page, owner);
            var firstId = await RegisterEnterpriseAsync(page, first, NewCreditCode(), owner.Name);
            var secondId = await RegisterEnterpriseAsync(page, second, NewCreditCode(), owner.Name);
            await Expect(EnterpriseRow(page, first)).ToContainTextAsync("法定代表人");
            await AuthorizeAgentAsync(page, firstId, agent);
            await AuthorizeAgentAsync(page, secondId, agent);
        }

        await using var context = await fixture.NewContextAsync();
        var agentPage = await context.NewPageAsync();
        await SignInAsync(agentPage, agent);
        var actingFor = agentPage.Locator("#acting-for");
        await Expect(actingFor).ToHaveTextAsync("当前以个人身份办事");
        await Expect(EnterpriseRow(agentPage, first)).ToContainTextAsync("经办人，可办事");
        await Expect(EnterpriseRow(agentPage, second)).ToContainTextAsync("经办人，可办事");

        await SwitchToAsync(agentPage, first);
        await Expect(actingFor).ToContainTextAsync("当前代表：" + first);
        await Expect(agentPage.GetByRole(AriaRole.Status)).ToHaveTextAsync($"已切换为代表“{first}”办事");
        await Expect(EnterpriseRow(agentPage, first).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await SwitchToAsync(agentPage, second);
        await Expect(actingFor).ToContainTextAsync("当前代表：" + second);
        await Expect(EnterpriseRow(agentPage, second).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(agentPage, "account-enterprise-zh-1366.png", fullPage: true);

        await agentPage.GetByRole(AriaRole.Button, new() { Name = "切换回个人身份" }).ClickAsync();
        await Arrival.ContainingAsync(agentPage, "done=switched");
        await Expect(actingFor).ToHaveTextAsync("当前以个人身份办事");
        await Expect(agentPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("已切换为以个人身份办事");
        await Expect(agentPage.GetByRole(AriaRole.Button, new() { Name = "切换回个人身份" })).ToHaveCountAsync(0);
    }

    public static TheoryData<string, int> LanguagesAndWidths() => new()
    {
        { "zh-CN", 1366 },
        { "zh-CN", 360 },
        { "en", 1366 },
        { "en", 360 },
    };

    /// <summary>axe (WCAG 2.0/2.1 A and AA, no serious or critical violation) on each identity page in the state that
    /// shows most of it; on a phone also no sideways scrolling. Steps use element ids so both languages take them.</summary>
    [Theory]
    [MemberData(nameof(LanguagesAndWidths))]
    public async Task Identity_pages_have_no_serious_axe_violations_and_fit_a_phone(string lang, int width)
    {
        var citizen = await RegisterByApiAsync(fixture);
        await using var context = await fixture.NewContextAsync(lang, width, width == 360 ? 800 : 768, bypassCsp: true);
        var page = await context.NewPageAsync();

        async Task CheckAsync(string what)
        {
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
            await PageChecks.AssertAccessibleAndFitsAsync(page, $"{what} ({lang}, {width}px)", width, output);
        }

        await page.GotoAsync("/signin");
        await CheckAsync("/signin");

        await page.GotoAsync("/signin/reset");
        await CheckAsync("/signin/reset");
        await TypeAsync(page.Locator("#idNumber"), citizen.IdNumber);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#code")).ToBeVisibleAsync();
        await CheckAsync("/signin/reset with the code field");

        await page.GotoAsync("/signin");
        await TypeAsync(page.Locator("#idNumber"), citizen.IdNumber);
        await TypeAsync(page.Locator("#password"), citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");
        await Expect(page.Locator("#profile-name")).ToHaveTextAsync(citizen.Name);
        await CheckAsync("/account");

        await page.GotoAsync("/account/verify");
        await page.Locator("form[action*='handler=Send'] button").ClickAsync();
        await Expect(page.Locator("#code")).ToBeVisibleAsync();
        await CheckAsync("/account/verify with the code field");

        await page.GotoAsync("/account/security");
        await page.Locator("form[action*='handler=Offer'] button").ClickAsync();
        await Expect(page.Locator("figure.qr svg")).ToBeVisibleAsync();
        await CheckAsync("/account/security with the QR code");
        var secret = OneWindow.Identity.Features.SignIn.Base32.Decode(await page.Locator("#totp-secret").InnerTextAsync());
        await TypeAsync(page.Locator("#code"), Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow)));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#totp-enabled")).ToBeVisibleAsync();
        await CheckAsync("/account/security with two-step sign-in on");

        var enterprise = $"合肥{Guid.NewGuid().ToString("N")[..4].ToUpperInvariant()}徽韵文化传媒有限公司";
        await page.GotoAsync("/account/enterprises/register");
        await CheckAsync("/account/enterprises/register");
        await TypeAsync(page.Locator("#name"), enterprise);
        await TypeAsync(page.Locator("#creditCode"), NewCreditCode());
        await TypeAsync(page.Locator("#legalRepresentative"), citizen.Name);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");
        var row = page.Locator("tbody tr").Filter(new() { HasTextString = enterprise });
        var agentsPath = await row.Locator("a[href$='/agents']").GetAttributeAsync("href");
        await row.Locator("form button").ClickAsync();
        await Arrival.ContainingAsync(page, "done=switched");
        await Expect(page.Locator("#acting-for")).ToContainTextAsync(enterprise);
        await CheckAsync("/account acting for an enterprise");

        var agent = await RegisterByApiAsync(fixture);
        await page.GotoAsync(agentsPath!);
        await TypeAsync(page.Locator("#idNumber"), agent.IdNumber);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("tbody tr").Filter(new() { HasTextString = agent.IdNumberMasked })).ToBeVisibleAsync();
        await CheckAsync("/account/enterprises/{id}/agents");

        // API keys: an error next to the field, then the new key shown once with its copy button.
        await page.GotoAsync("/account/api-keys");
        await CheckAsync("/account/api-keys");
        await page.Locator("form[action*='handler=Create'] button[type=submit]").ClickAsync();
        await Expect(page.Locator("#name-error")).ToBeVisibleAsync();
        await CheckAsync("/account/api-keys with a field error");
        await TypeAsync(page.Locator("#name"), "数据脚本");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#api-key-value")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^owk_[a-z2-7]{8}_[a-z2-7]{52}$"));
        await Expect(page.Locator("[data-copy-target='api-key-value']")).ToBeVisibleAsync();
        await CheckAsync("/account/api-keys with a new key");

        await page.Locator("header form[action='/signout'] button").ClickAsync();
        await Arrival.AtPathAsync(page, "/");
        await page.GotoAsync("/signin");
        await TypeAsync(page.Locator("#idNumber"), citizen.IdNumber);
        await TypeAsync(page.Locator("#password"), citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/signin/second-factor");
        await Expect(page.Locator("#code")).ToBeVisibleAsync();
        await CheckAsync("/signin/second-factor");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_summary_at_the_top_and_the_message_at_the_field()
    {
        var citizen = await RegisterByApiAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "个人和法人用户登录" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "citizen-signin-zh-1366.png");

        await TypeAsync(page.GetByLabel("公民身份号码"), citizen.IdNumber);
        await TabToAsync(page, page.GetByLabel("密码", new() { Exact = true }));
        await page.Keyboard.TypeAsync("not-the-password-1");
        await page.Keyboard.PressAsync("Enter");

        // The summary comes first in the content, above the form, and names the problem.
        var summary = page.Locator(".error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary.GetByRole(AriaRole.Heading, new() { Name = "请修改以下问题" })).ToBeVisibleAsync();
        var summaryLink = summary.GetByRole(AriaRole.Link, new() { Name = "公民身份号码或密码错误" });
        await Expect(summaryLink).ToHaveAttributeAsync("href", "#password");
        Assert.True(await summary.EvaluateAsync<bool>("s => !!(s.compareDocumentPosition(document.querySelector('main form')) & Node.DOCUMENT_POSITION_FOLLOWING)"),
            "the error summary is not above the form");

        // The same message sits at the field, which says it is invalid and points at it; what was typed is kept, except the password.
        var password = page.GetByLabel("密码", new() { Exact = true });
        await Expect(page.Locator("#password-error")).ToHaveTextAsync("公民身份号码或密码错误");
        await Expect(password).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(password).ToHaveAttributeAsync("aria-describedby", new Regex(@"\bpassword-error\b"));
        await Expect(password).ToHaveValueAsync("");
        await Expect(page.GetByLabel("公民身份号码")).ToHaveValueAsync(citizen.IdNumber);

        // Keyboard: skip link → main → the summary link is the first stop; following it lands on the password field.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "跳到主要内容" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(summaryLink).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(password).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");
    }

    /// <summary>The 切换为该单位 button in the enterprise's row on /account.</summary>
    private static async Task SwitchToAsync(IPage page, string enterprise)
    {
        await EnterpriseRow(page, enterprise).GetByRole(AriaRole.Button, new() { Name = "切换为该单位" }).ClickAsync();
        await Arrival.ContainingAsync(page, "done=switched");
    }
}
