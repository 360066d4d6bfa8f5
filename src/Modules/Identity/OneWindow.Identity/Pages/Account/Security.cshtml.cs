using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account;

/// <summary>两步验证: bind an authenticator app (scan, then confirm one code) or remove it with the password.</summary>
[EnableRateLimiting(IdentityModule.SignInRateLimit)]
public sealed class SecurityModel(CitizenAccounts accounts, TotpEnrollment enrollment) : CitizenPage
{
    public Citizen Citizen { get; private set; } = null!;

    public PendingTotp? Offer { get; private set; }

    public string? QrSvgMarkup { get; private set; }

    [BindProperty] public string? Token { get; set; }

    [BindProperty] public string? Code { get; set; }

    [BindProperty] public string? Password { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    private string Label => Citizen.IdNumberMasked;

    public async Task OnGetAsync(CancellationToken ct) => Citizen = (await accounts.GetAsync(CitizenId, ct))!;

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
