using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Http;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Staff;

/// <summary>
/// 工作人员登录: user name and password, checked by <see cref="StaffSignIn"/> (lockout, audit). A wrong password and an
/// unknown user name get the same message. POSTs share the sign-in rate limit per address (Identity:SignIn:PermitPerMinute). ReturnUrl is followed only when it is
/// a local path; with a second factor bound, the password step hands over to /signin/second-factor.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class SignInModel(StaffSignIn signIn, OneWindow.Identity.Features.Sessions.SessionCookie sessions, TimeProvider clock) : PageModel
{
    public const string DefaultTarget = "/admin";

    public static readonly string[] Fields = ["userName", "password"];

    [BindProperty] public string? UserName { get; set; }

    [BindProperty] public string? Password { get; set; }

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public ValidationErrors Errors { get; private set; } = new();

    /// <summary>The answer about the credentials as a whole (wrong, locked, disabled): shown in the error summary.</summary>
    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UserName))
        {
            Errors.Add("userName", Lang.L("请输入用户名", "Enter your user name"));
        }

        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add("password", Lang.L("请输入密码", "Enter your password"));
        }

        if (!Errors.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await signIn.CheckAsync(UserName, Password, ct);
        Password = null;
        switch (result.Status)
        {
            case StaffSignInStatus.Succeeded:
                await sessions.SignInAsync(HttpContext, result.Claims!, ct);
                return LocalRedirect(Target);
            case StaffSignInStatus.NeedsSecondFactor:
                await Sessions.BeginSecondFactorAsync(HttpContext, result.Subject!);
                return LocalRedirect("/signin/second-factor?ReturnUrl=" + Uri.EscapeDataString(Target));
            case StaffSignInStatus.LockedOut:
                // Next to the password field: that is what was wrong, and it says how long to wait.
                Errors.Add("password", SignInWaits.Message(result.Credential!, clock.GetUtcNow(), "staff"));
                Response.Headers.RetryAfter = OneWindow.Identity.Pages.SignIn.IndexModel.RetryAfter(result.Credential!, clock);
                break;
            case StaffSignInStatus.Disabled:
                Problem = Lang.L("该账号已停用，请联系本部门管理员。", "This account is disabled. Please contact your department administrator.");
                break;
            default:
                // Deliberately one message for both: which of the two was wrong would tell a guesser which user names exist.
                Problem = Lang.L("用户名或密码错误", "The user name or password is wrong");
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The local path to continue to; anything else (another host, //host, /\host) falls back to the back office.</summary>
    public string Target => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : DefaultTarget;

    public static string Label(string field) => field == "userName" ? Lang.L("用户名", "User name") : Lang.L("密码", "Password");

}
