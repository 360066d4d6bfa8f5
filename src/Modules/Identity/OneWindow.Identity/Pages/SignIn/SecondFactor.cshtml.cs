using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.SignIn;

/// <summary>
/// 第二因素: the six-digit code from the authenticator app, asked after the password of an account that bound one
/// (citizens and staff alike). Wrong codes count toward the same lockout as wrong passwords; a code works once.
/// </summary>
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class SecondFactorModel(AccountDirectory directory, CredentialGuard guard, OneWindow.Identity.Features.Sessions.SessionCookie sessions, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Code { get; set; }

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync() =>
        await Sessions.PendingSecondFactorAsync(HttpContext) == null ? RedirectToPage("/SignIn/Index", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var subject = await Sessions.PendingSecondFactorAsync(HttpContext);
        var found = await directory.FindAsync(subject, ct);
        if (found == null || found.Disabled)
        {
            // The password step expired (five minutes) or the account went away meanwhile: start again.
            return RedirectToPage("/SignIn/Index", new { ReturnUrl });
        }

        var result = await guard.CheckSecondFactorAsync(found.Account, Code, subject!, ct);
        switch (result.Status)
        {
            case CredentialStatus.Succeeded:
                await sessions.SignInAsync(HttpContext, found.Claims, ct);
                return LocalRedirect(IndexModel.SafeReturnUrl(ReturnUrl, "/account"));
            case CredentialStatus.LockedOut:
                Errors.Add("code", "", SignInWaits.Message(result, clock.GetUtcNow(), "code"));
                Response.Headers.RetryAfter = IndexModel.RetryAfter(result, clock);
                break;
            default:
                Errors.Add("code", "", Lang.L("动态验证码不正确或已使用，请输入验证器应用中当前显示的6位数字",
                    "The code is wrong or was already used. Enter the 6 digits your authenticator app shows now."));
                break;
        }

        Code = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
