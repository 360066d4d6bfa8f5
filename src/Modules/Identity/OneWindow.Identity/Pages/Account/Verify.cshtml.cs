using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.Codes;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account;

/// <summary>实名核验 (L2): a code goes to the phone registered in the citizen's name; typing it back proves the phone.</summary>
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class VerifyModel(CitizenAccounts accounts) : CitizenPage
{
    public Citizen Citizen { get; private set; } = null!;

    [BindProperty] public string? Code { get; set; }

    public bool Sent { get; private set; }

    public string? SendMessage { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Citizen = (await accounts.GetAsync(CitizenId, ct))!;

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        var issue = await accounts.SendPhoneVerificationAsync(CitizenId, ct);
        Sent = issue.Status is CodeIssueStatus.Sent or CodeIssueStatus.TooSoon;
        SendMessage = CodeMessages.Describe(issue, Citizen.PhoneMasked);
        if (issue.Status is CodeIssueStatus.TooMany or CodeIssueStatus.Unavailable)
        {
            Response.StatusCode = issue.Status == CodeIssueStatus.TooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var outcome = await accounts.VerifyPhoneAsync(CitizenId, Code, ct);
        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        if (outcome == AccountChange.Done)
        {
            // The session carries the assurance level: refresh it so services see L2 at once.
            await Sessions.RefreshAsync(HttpContext, AccountClaims.ForCitizen(Citizen, ActingFor));
            return Redirect("/account/verify?done=1");
        }

        Sent = true;
        Errors.Add("code", "", outcome == AccountChange.WrongCode
            ? Lang.L("验证码不正确，请核对短信中的6位数字", "The code is wrong; check the 6 digits in the text message")
            : Lang.L("验证码已失效（过期、已使用或错误次数过多），请重新获取", "The code is no longer valid (expired, used or too many tries); ask for a new one"));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
