using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity.Features;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account;

/// <summary>两步验证: bind an authenticator app (scan, then confirm one code) or remove it with the password; 登录设备:
/// the open sessions of the account, each but this one with an "end this session" button.</summary>
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class SecurityModel(CitizenAccounts accounts, TotpEnrollment enrollment, OneWindow.Identity.Features.Sessions.AccountSessions sessions) : CitizenPage
{
    public Citizen Citizen { get; private set; } = null!;

    public PendingTotp? Offer { get; private set; }

    public string? QrSvgMarkup { get; private set; }

    [BindProperty] public string? Token { get; set; }

    [BindProperty] public string? Code { get; set; }

    [BindProperty] public string? Password { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public string? CurrentPassword { get; set; }

    [BindProperty] public string? NewPassword { get; set; }

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<OneWindow.Identity.Features.Sessions.SessionView> OpenSessions { get; private set; } = [];

    private string Label => Citizen.IdNumberMasked;

    public async Task OnGetAsync(CancellationToken ct) => Citizen = (await accounts.GetAsync(CitizenId, ct))!;

    /// <summary>修改密码: ends every other session of the account.</summary>
    public async Task<IActionResult> OnPostChangePasswordAsync(CancellationToken ct)
    {
        var outcome = await accounts.ChangePasswordAsync(CitizenId, CurrentPassword, NewPassword, User.FindFirst(OneWindow.Shared.Security.PlatformClaims.SessionId)?.Value, ct);
        CurrentPassword = null;
        NewPassword = null;
        if (outcome == AccountChange.Done)
        {
            return RedirectToPage(new { Done = "password-changed" });
        }

        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        if (outcome == AccountChange.WrongPassword)
        {
            Errors.Add("currentPassword", "", Lang.L("当前密码不正确", "The current password is wrong"));
        }
        else
        {
            Errors.Add("newPassword", "", PasswordRules.Problem(NewPassword) ?? IdentityText.T("identity.password_rule", PasswordRules.MinLength));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>结束该会话: ends another session of this account (a lost phone, a shared computer).</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(string? handle, CancellationToken ct)
    {
        if (await sessions.EndByHandleAsync(OneWindow.Shared.Security.PlatformClaims.KindCitizen, CitizenId, handle, ct))
        {
            return RedirectToPage(new { Done = "session-ended" });
        }

        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        Errors.Add("sessions", "", IdentityText.T("identity.session.not_found"));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Result is PageResult)
        {
            OpenSessions = await sessions.OpenAsync(OneWindow.Shared.Security.PlatformClaims.KindCitizen, CitizenId,
                User.FindFirst(OneWindow.Shared.Security.PlatformClaims.SessionId)?.Value, HttpContext.RequestAborted);
        }
    }

    public async Task<IActionResult> OnPostOfferAsync(CancellationToken ct)
    {
        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        if (Citizen.TotpSecretCipher == null)
        {
            Show(enrollment.Offer(Principal.Subject, Label));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        if (await enrollment.ConfirmAsync(Citizen, Principal.Subject, Token, Code, ct))
        {
            return RedirectToPage(new { Done = "enabled" });
        }

        var offer = enrollment.Reopen(Principal.Subject, Label, Token) ?? enrollment.Offer(Principal.Subject, Label);
        Show(offer);
        Errors.Add("code", "", Lang.L("验证码与验证器应用不一致，请输入应用中当前显示的6位数字", "That code does not match; enter the 6 digits the app shows now"));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        Citizen = (await accounts.GetAsync(CitizenId, ct))!;
        if (await enrollment.RemoveAsync(Citizen, Principal.Subject, Password, ct))
        {
            return RedirectToPage(new { Done = "removed" });
        }

        Password = null;
        Errors.Add("password", "", Lang.L("密码不正确", "The password is wrong"));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Show(PendingTotp offer)
    {
        Offer = offer;
        Token = offer.Token;
        Code = null;
        QrSvgMarkup = QrSvg.Render(offer.Uri);
    }
}
