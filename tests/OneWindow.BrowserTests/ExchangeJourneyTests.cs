using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.BrowserTests.Infrastructure;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Identity.Features.Staff;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests;

/// <summary>Data sharing end to end in a real browser: 民政局 registers its system and requests 人口基础信息 (field
/// errors first), 数据资源局 approves, the system calls the exchange, and the citizen whose data was read sees the read
/// in their data-use log and objects — which the supervisor then sees.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Suite", "Browser")]
public sealed class ExchangeJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Persons = "101001-000001";

    [Fact]
    public async Task A_department_requests_the_provider_approves_the_system_calls_and_the_citizen_sees_the_read_and_objects()
    {
        // 民政局's administrator registers a machine client (client credentials, exchange.call) and keeps its secret.
        await using var consumerContext = await fixture.NewContextAsync(bypassCsp: true);
        var consumer = await consumerContext.NewPageAsync();
        await StaffSignInAsync(consumer, "mz.admin");
        var clientId = "mz-exchange-" + Guid.NewGuid().ToString("N")[..8];
        await consumer.GotoAsync("/admin/oidc/clients/new");
        await consumer.GetByLabel("客户端标识").FillAsync(clientId);
        await consumer.GetByLabel("名称", new() { Exact = true }).FillAsync("民政业务系统");
        await consumer.Locator("[id='grant-authorization_code']").SetCheckedAsync(false);
        await consumer.Locator("[id='grant-client_credentials']").SetCheckedAsync(true);
        await consumer.Locator("[id='scope-exchange.call']").SetCheckedAsync(true);
        await consumer.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        var secret = (await consumer.Locator("#client-secret").TextContentAsync())!.Trim();

        // The request form: empty first (errors next to the fields), then filled.
        await consumer.GotoAsync($"/admin/exchange/request?resourceCode={Persons}");
        await Expect(consumer.Locator("h2")).ToContainTextAsync("人口基础信息");
        await consumer.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Expect(consumer.Locator(".error-summary")).ToBeVisibleAsync();
        await Expect(consumer.Locator("#purpose-error")).ToBeVisibleAsync();
        await Expect(consumer.Locator("#clientIds-error")).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(consumer, "/admin/exchange/request with errors", output);
        await consumer.GetByLabel("用途").FillAsync("核验最低生活保障申请人的户籍");
        await consumer.GetByLabel("依据（法律法规或政策文件）").FillAsync("《社会救助暂行办法》第十一条");
        await consumer.GetByLabel("信息项（键，逗号分隔）").FillAsync("name, householdRegion");
        await consumer.GetByLabel("调用系统的客户端标识（逗号分隔）").FillAsync(clientId);
        await consumer.GetByRole(AriaRole.Button, new() { Name = "提交申请" }).ClickAsync();
        await Arrival.MatchingAsync(consumer, new Regex("/admin/exchange"));
        var card = consumer.Locator("section.card").Filter(new() { HasText = clientId });
        await Expect(card).ToContainTextAsync("待审批");
        var grantId = long.Parse((await card.GetAttributeAsync("id"))!["grant-".Length..], CultureInfo.InvariantCulture);
        await Screenshots.SaveAsync(consumer, "exchange-requests-zh-1366.png", fullPage: true);

        // 数据资源局's administrator approves it from the provider list.
        await using var providerContext = await fixture.NewContextAsync(bypassCsp: true);
        var provider = await providerContext.NewPageAsync();
        await StaffSignInAsync(provider, "sj.admin");
        await provider.GotoAsync("/admin/exchange?as=provider");
        var incoming = provider.Locator($"#grant-{grantId}");
        await Expect(incoming).ToContainTextAsync("核验最低生活保障申请人的户籍");
        await PageChecks.AssertAccessibleAsync(provider, "/admin/exchange?as=provider", output);
        await incoming.GetByRole(AriaRole.Button, new() { Name = "同意" }).ClickAsync();
        await Expect(provider.Locator(".notice")).ToContainTextAsync("已授权");
        await Expect(provider.Locator($"#grant-{grantId}")).ToContainTextAsync("已授权");

        // 民政局's system calls the exchange about 李梅 with its client-credentials token.
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "exchange.call" });
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = form };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        var token = JsonNode.Parse(await (await http.SendAsync(tokenRequest)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var liMei = DemoCitizens.People[1];
        var call = await http.PostAsJsonAsync($"/api/v1/exchange/{Persons}/query", new { grantId, purpose = "核验最低生活保障申请人的户籍", subjects = new[] { liMei.IdNumber } });
        var answer = JsonNode.Parse(await call.Content.ReadAsStringAsync())!;
        Assert.True(call.IsSuccessStatusCode, answer.ToJsonString());
        Assert.Equal(liMei.Name[..1] + "*", answer["rows"]![0]!["name"]!.GetValue<string>());
        var logId = answer["logId"]!.GetValue<long>();

        // 李梅 sees the read on a phone and objects to it.
        await using var citizenContext = await fixture.NewContextAsync(width: 360, height: 740, bypassCsp: true);
        var citizen = await citizenContext.NewPageAsync();
        await Citizens.SignInAsync(citizen, new TestCitizen(0, liMei.Name, liMei.IdNumber, liMei.Phone, DemoStaff.Password));
        await citizen.GetByRole(AriaRole.Link, new() { Name = "数据使用记录" }).First.ClickAsync();
        await Arrival.AtPathAsync(citizen, "/account/data-use");
        var read = citizen.Locator($"#read-{logId}");
        await Expect(read).ToContainTextAsync("合肥市民政局");
        await Expect(read).ToContainTextAsync("核验最低生活保障申请人的户籍");
        await Expect(read).ToContainTextAsync("户籍");
        await PageChecks.AssertAccessibleAsync(citizen, "/account/data-use", output);
        await read.Locator("summary").ClickAsync();
        await read.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
        await Expect(citizen.Locator($"#reason-{logId}-error")).ToBeVisibleAsync();
        await citizen.Locator($"#reason-{logId}").FillAsync("我没有申请低保，请说明为何查询我的户籍。");
        await citizen.Locator($"#read-{logId}").GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
        await Expect(citizen.Locator(".notice")).ToContainTextAsync("已提交异议");
        await Expect(citizen.Locator($"#read-{logId}")).ToContainTextAsync("等待答复");
        await Screenshots.SaveAsync(citizen, "account-data-use-zh-360.png", fullPage: true);

        // The provider's administrator sees the objection and answers it; the citizen reads the answer.
        await provider.GotoAsync("/admin/exchange/objections");
        var objection = provider.Locator("section.card").Filter(new() { HasText = "我没有申请低保" });
        await Expect(objection).ToBeVisibleAsync();
        await PageChecks.AssertAccessibleAsync(provider, "/admin/exchange/objections", output);
        await objection.Locator("textarea").FillAsync("经核实，民政局误填了身份证号，已删除查询结果并整改。");
        await objection.GetByRole(AriaRole.Button, new() { Name = "答复" }).ClickAsync();
        await Expect(provider.Locator(".notice")).ToContainTextAsync("已答复");
        await citizen.ReloadAsync();
        await Expect(citizen.Locator($"#read-{logId}")).ToContainTextAsync("经核实，民政局误填了身份证号");
    }

    private static async Task StaffSignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/staff/signin");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(DemoStaff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/admin");
    }
}
