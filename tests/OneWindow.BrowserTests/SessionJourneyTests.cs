using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static OneWindow.BrowserTests.Infrastructure.Citizens;

namespace OneWindow.BrowserTests;

/// <summary>
/// Sessions that end, in Chromium: a session cookie copied before sign-out (as malware or a shared computer would keep
/// it) and replayed in a fresh browser is refused afterwards; an agent whose authorization is revoked stops acting for
/// the enterprise on the next page; /connect/endsession asks before signing anyone out.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class SessionJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task After_sign_out_the_copied_session_cookie_no_longer_opens_the_account()
    {
        var citizen = await RegisterByApiAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, citizen);
        var copied = (await context.CookiesAsync()).Single(c => c.Name == "ow.session");

        // The copy works while the session is open…
        await using var thief = await fixture.NewContextAsync();
        await thief.AddCookiesAsync([ToCookie(copied)]);
        var thiefPage = await thief.NewPageAsync();
        await thiefPage.GotoAsync("/account");
        await Arrival.AtPathAsync(thiefPage, "/account");
        await Expect(thiefPage.GetByText(citizen.IdNumberMasked)).ToBeVisibleAsync();

        // …and not after the owner signed out.
        await SignOutAsync(page);
        await thiefPage.GotoAsync("/account");
        await Arrival.AtPathAsync(thiefPage, "/signin");
    }

    [Fact]
    public async Task A_revoked_agent_stops_acting_for_the_enterprise_on_the_next_page()
    {
        var owner = await RegisterByApiAsync(fixture, NewName("孙"));
        var agent = await RegisterByApiAsync(fixture, NewName("周"));
        var enterprise = $"合肥{Guid.NewGuid().ToString("N")[..4].ToUpperInvariant()}会话科技有限公司";
        await using var ownerContext = await fixture.NewContextAsync();
        var ownerPage = await ownerContext.NewPageAsync();
        await SignInAsync(ownerPage, owner);
        var enterpriseId = await RegisterEnterpriseAsync(ownerPage, enterprise, NewCreditCode(), owner.Name);
        await AuthorizeAgentAsync(ownerPage, enterpriseId, agent);

        await using var agentContext = await fixture.NewContextAsync();
        var agentPage = await agentContext.NewPageAsync();
        await SignInAsync(agentPage, agent);
        await EnterpriseRow(agentPage, enterprise).GetByRole(AriaRole.Button, new() { Name = "切换为该单位" }).ClickAsync();
        await Arrival.ContainingAsync(agentPage, "done=switched");
        await Expect(agentPage.Locator("#acting-for")).ToContainTextAsync("当前代表：" + enterprise);

        await ownerPage.GotoAsync($"/account/enterprises/{enterpriseId}/agents");
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "撤销 " + agent.Name + " 的授权" }).ClickAsync();
        await Expect(ownerPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("已撤销授权。");

        // The agent's very next page: acting for themselves, the enterprise no longer offered.
        await agentPage.GotoAsync("/account");
        await Expect(agentPage.Locator("#acting-for")).ToHaveTextAsync("当前以个人身份办事");
        await Expect(EnterpriseRow(agentPage, enterprise)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Endsession_shows_a_confirmation_and_signs_out_only_from_its_form()
    {
        var citizen = await RegisterByApiAsync(fixture);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, citizen);

        // What a link on another site would open: a question, not a sign-out.
        await page.GotoAsync("/connect/endsession?client_id=gaj-business-system");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "确认退出登录？" })).ToBeVisibleAsync();
        await Expect(page.GetByText("“公安局业务办理系统”请求退出您在一网通办的登录。")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "oidc-endsession-confirm-zh-1366.png");
        await page.GotoAsync("/account");
        await Arrival.AtPathAsync(page, "/account");

        await page.GotoAsync("/connect/endsession?client_id=gaj-business-system");
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录 / Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已退出登录" })).ToBeVisibleAsync();
        await page.GotoAsync("/account");
        await Arrival.AtPathAsync(page, "/signin");
    }

    private static Cookie ToCookie(BrowserContextCookiesResult c) => new()
    {
        Name = c.Name,
        Value = c.Value,
        Domain = c.Domain,
        Path = c.Path,
        HttpOnly = c.HttpOnly,
        Secure = c.Secure,
        SameSite = c.SameSite,
    };
}
