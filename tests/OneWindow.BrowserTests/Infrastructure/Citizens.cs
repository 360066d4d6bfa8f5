using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Codes;
using static Microsoft.Playwright.Assertions;

namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>A citizen made for one test. <see cref="Id"/> is 0 until known (registered through the page).</summary>
public sealed record TestCitizen(long Id, string Name, string IdNumber, string Phone, string Password)
{
    public string Subject => "citizen:" + Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>As pages show it: first 6, eight stars, last 4.</summary>
    public string IdNumberMasked => CitizenIdNumber.Mask(IdNumber);

    public string PhoneMasked => string.Concat(Phone.AsSpan(0, 3), "****", Phone.AsSpan(7, 4));
}

/// <summary>
/// Test identities and the steps of the citizen pages as a person does them: fields typed key by key and moved between
/// with Tab, forms sent with Enter or the visible button, SMS codes read off /dev/outbox in a second tab.
/// </summary>
public static partial class Citizens
{
    public const string Password = "Hefei2024abc";

    /// <summary>A valid GB 11643 number with a random birth date and sequence, so tests sharing the database never collide.</summary>
    public static string NewIdNumber()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(Random.Shared.Next(0, 365 * 55));
        var first17 = string.Create(CultureInfo.InvariantCulture, $"340104{birth:yyyyMMdd}{Random.Shared.Next(0, 1000):D3}");
        return first17 + CitizenIdNumber.CheckCharacter(first17);
    }

    public static string NewPhone() => "139" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>A Chinese name (family name and four given characters picked at random), unlikely to repeat in one run.</summary>
    public static string NewName(string family = "李")
    {
        const string given = "明华建国秀英志强丽娟伟芳敏静桂兰海燕";
        const string numbers = "一二三四五六七八九十";
        return family + given[Random.Shared.Next(given.Length)] + given[Random.Shared.Next(given.Length)]
            + numbers[Random.Shared.Next(numbers.Length)] + numbers[Random.Shared.Next(numbers.Length)];
    }

    /// <summary>A valid GB 32100 code (enterprise, 合肥市) with a random organization body.</summary>
    public static string NewCreditCode() =>
        UnifiedSocialCreditCode.Compose('9', '1', "340100", Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture));

    /// <summary>Registers through POST /api/v1/citizens (quicker than the page where the page is not under test).</summary>
    public static async Task<TestCitizen> RegisterByApiAsync(BrowserFixture fixture, string? name = null)
    {
        var citizen = new TestCitizen(0, name ?? NewName(), NewIdNumber(), NewPhone(), Password);
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        var response = await http.PostAsJsonAsync("/api/v1/citizens", new { name = citizen.Name, idNumber = citizen.IdNumber, phone = citizen.Phone, password = citizen.Password });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/citizens → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return citizen with { Id = body["id"]!.GetValue<long>() };
    }

    /// <summary>Focuses the field as a click does and types the text key by key.</summary>
    public static async Task TypeAsync(ILocator field, string text)
    {
        await field.ClickAsync();
        await field.PressSequentiallyAsync(text);
    }

    /// <summary>Presses Tab; focus must land on <paramref name="next"/> (the form's tab order is its visual order).</summary>
    public static async Task TabToAsync(IPage page, ILocator next)
    {
        await page.Keyboard.PressAsync("Tab");
        await Expect(next).ToBeFocusedAsync();
    }

    /// <summary>/signin: ID number, Tab, password, Enter. Waits until the browser leaves the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, TestCitizen citizen, string expectedPath = "/account")
    {
        await page.GotoAsync("/signin");
        await TypeAsync(page.GetByLabel("公民身份号码"), citizen.IdNumber);
        await TabToAsync(page, page.GetByLabel("密码", new() { Exact = true }));
        await page.Keyboard.TypeAsync(citizen.Password);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, expectedPath);
    }

    /// <summary>The six-digit code in the newest /dev/outbox message, read in a second tab as a developer would.
    /// Filters by account when the id is known, otherwise by the masked phone number in the 发往 column.</summary>
    public static async Task<(string Code, string Recipient)> ReadCodeFromOutboxAsync(IBrowserContext context, TestCitizen citizen)
    {
        var outbox = await context.NewPageAsync();
        try
        {
            await outbox.GotoAsync(citizen.Id > 0 ? "/dev/outbox?recipient=" + Uri.EscapeDataString(citizen.Subject) : "/dev/outbox");
            var row = outbox.Locator("tbody tr").Filter(new() { Has = outbox.Locator("td:nth-child(4)", new() { HasTextString = citizen.PhoneMasked }) }).First;
            await Expect(row).ToBeVisibleAsync();
            var body = await row.Locator("td.outbox-body").InnerTextAsync();
            var recipient = (await row.Locator("td:nth-child(3)").InnerTextAsync()).Trim();
            var code = SixDigits().Match(body);
            Assert.True(code.Success, $"no six-digit code in the outbox message: {body}");
            return (code.Value, recipient);
        }
        finally
        {
            await outbox.CloseAsync();
        }
    }

    /// <summary>/account/security: 开启两步验证, then the key shown under the QR code, as an authenticator app would read it.</summary>
    public static async Task<byte[]> OfferAuthenticatorAsync(IPage page)
    {
        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "开启两步验证" }).ClickAsync();
        await Expect(page.Locator("#totp-secret")).ToBeVisibleAsync();
        return Base32.Decode(await page.Locator("#totp-secret").InnerTextAsync());
    }

    /// <summary>Types the current code of the offered key and presses 完成绑定. Returns the time step whose code was used:
    /// codes are single-use, so the next sign-in needs a later step.</summary>
    public static async Task<long> ConfirmAuthenticatorAsync(IPage page, byte[] secret)
    {
        var step = Totp.StepAt(DateTimeOffset.UtcNow);
        await TypeAsync(page.GetByLabel("验证器应用中的6位数字"), Totp.Code(secret, step));
        await page.GetByRole(AriaRole.Button, new() { Name = "完成绑定" }).ClickAsync();
        await Expect(page.Locator("#totp-enabled")).ToBeVisibleAsync();
        return step;
    }

    /// <summary>/account/enterprises/register with the given legal representative; returns the new enterprise's id,
    /// read from its 管理经办人 link on /account.</summary>
    public static async Task<long> RegisterEnterpriseAsync(IPage page, string name, string creditCode, string legalRepresentative)
    {
        await page.GotoAsync("/account/enterprises/register");
        await TypeAsync(page.GetByLabel("单位名称"), name);
        await TabToAsync(page, page.GetByLabel("统一社会信用代码"));
        await page.Keyboard.TypeAsync(creditCode);
        await TabToAsync(page, page.GetByLabel("法定代表人姓名"));
        await page.Keyboard.TypeAsync(legalRepresentative);
        await page.Keyboard.PressAsync("Enter");
        await Arrival.AtPathAsync(page, "/account");

        var link = EnterpriseRow(page, name).GetByRole(AriaRole.Link, new() { Name = "管理经办人" });
        await Expect(link).ToBeVisibleAsync();
        var href = await link.GetAttributeAsync("href") ?? "";
        var match = AgentsPath().Match(href);
        Assert.True(match.Success, $"unexpected agents link {href}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>/account/enterprises/{id}/agents: authorizes the citizen to apply for the enterprise.</summary>
    public static async Task AuthorizeAgentAsync(IPage page, long enterpriseId, TestCitizen agent)
    {
        await page.GotoAsync($"/account/enterprises/{enterpriseId}/agents");
        await TypeAsync(page.GetByLabel("经办人公民身份号码"), agent.IdNumber);
        await Expect(page.GetByLabel("代表本单位申请办事、查看办件")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "授权", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已授权。");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasTextString = agent.IdNumberMasked })).ToContainTextAsync("经办人");
    }

    /// <summary>The row of an enterprise in the /account table.</summary>
    public static ILocator EnterpriseRow(IPage page, string name) =>
        page.GetByRole(AriaRole.Table, new() { Name = "您可以代表的单位" }).GetByRole(AriaRole.Row).Filter(new() { HasTextString = name });

    /// <summary>The header's 退出 button.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Arrival.AtPathAsync(page, "/");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"^/account/enterprises/(\d+)/agents$")]
    private static partial Regex AgentsPath();
}
