using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.SignIn;

/// <summary>
/// 个人/法人登录: sign-in by citizen ID number and password, then the authenticator code when one is bound. Wrong
/// number and wrong password get the same answer; after too many failures the account locks for a while.
/// </summary>
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class IndexModel(CitizenAccounts accounts, OneWindow.Identity.Features.Sessions.SessionCookie sessions, TimeProvider clock) : PageModel
{
    [BindProperty] public string? IdNumber { get; set; }

    [BindProperty] public string? Password { get; set; }

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(IdNumber))
        {
            Errors.Add("idNumber", "", Lang.L("请输入公民身份号码", "Enter your citizen ID number"));
        }

        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add("password", "", Lang.L("请输入密码", "Enter your password"));
        }

        if (Errors.Any)
        {
            return Invalid();
        }

        var result = await accounts.SignInAsync(IdNumber, Password, ct);
        Password = null;
        switch (result.Credential.Status)
        {
            case CredentialStatus.Succeeded:
                await sessions.SignInAsync(HttpContext, AccountClaims.ForCitizen(result.Citizen!), ct);
                return LocalRedirect(SafeReturnUrl(ReturnUrl, "/account"));
            case CredentialStatus.NeedsSecondFactor:
                await Sessions.BeginSecondFactorAsync(HttpContext, Subjects.Citizen(result.Citizen!.Id));
                return RedirectToPage("/SignIn/SecondFactor", new { ReturnUrl = SafeReturnUrl(ReturnUrl, "/account") });
            case CredentialStatus.LockedOut:
                Errors.Add("password", "", SignInWaits.Message(result.Credential, clock.GetUtcNow(), "password"));
                Response.Headers.RetryAfter = RetryAfter(result.Credential, clock);
                return Invalid();
            default:
                Errors.Add("password", "", Lang.L("公民身份号码或密码错误", "The ID number or password is wrong"));
                return Invalid();
        }
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Seconds until the wait is over, for the Retry-After header.</summary>
    public static string RetryAfter(CredentialResult result, TimeProvider clock) =>
        Math.Max(1, (int)Math.Ceiling(((result.LockedUntil ?? clock.GetUtcNow()) - clock.GetUtcNow()).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Only paths on this site: never an absolute or protocol-relative URL (open redirect).</summary>
    public static string SafeReturnUrl(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : fallback;
}
