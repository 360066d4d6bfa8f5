using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.Codes;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.SignIn;

/// <summary>
/// 找回密码: a code to the registered phone, then a new password. The page answers the same whether or not the
/// number is registered, so it cannot be used to find out who has an account.
/// </summary>
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class ResetModel(CitizenAccounts accounts) : PageModel
{
    [BindProperty] public string? IdNumber { get; set; }

    [BindProperty] public string? Code { get; set; }

    [BindProperty] public string? NewPassword { get; set; }

    public bool Sent { get; private set; }

    public bool Done { get; private set; }

    public string? SendMessage { get; private set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(IdNumber))
        {
            Errors.Add("idNumber", "", Lang.L("请输入公民身份号码", "Enter your citizen ID number"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var issue = await accounts.SendPasswordResetAsync(IdNumber, ct);
        Sent = true;
        SendMessage = issue.Status switch
        {
            CodeIssueStatus.Unavailable => CodeMessages.Describe(issue, ""),
            CodeIssueStatus.TooMany => CodeMessages.Describe(issue, ""),
            _ => Lang.L("如该号码已注册，验证码已发送至注册时填写的手机，10分钟内有效。", "If this number is registered, a code was sent to the phone given at registration; it is valid for 10 minutes."),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        Sent = true;
        var outcome = await accounts.ResetPasswordAsync(IdNumber, Code, NewPassword, ct);
        NewPassword = null;
        switch (outcome)
        {
            case AccountChange.Done:
                Done = true;
                return Page();
            case AccountChange.InvalidPassword:
                Errors.Add("newPassword", "", Lang.L($"密码至少{PasswordRules.MinLength}位，须同时包含字母和数字", $"Use at least {PasswordRules.MinLength} characters with both letters and digits"));
                break;
            case AccountChange.WrongCode:
                Errors.Add("code", "", Lang.L("验证码不正确", "The code is wrong"));
                break;
            default:
                Errors.Add("code", "", Lang.L("验证码无效或已失效，请重新获取", "The code is not valid or has expired; ask for a new one"));
                break;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
