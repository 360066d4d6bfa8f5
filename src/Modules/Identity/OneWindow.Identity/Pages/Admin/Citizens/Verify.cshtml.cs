using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity.Features.Account;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Admin.Citizens;

/// <summary>现场核验 at the window: look the citizen up by the number on their ID card, compare, confirm (L3).
/// Every lookup, reveal and confirmation is audited (InPersonVerification).</summary>
public sealed class VerifyModel(InPersonVerification verification) : PageModel
{
    [BindProperty] public string? IdNumber { get; set; }

    public CitizenAtCounter? Found { get; private set; }

    public bool Searched { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    private PlatformPrincipal Officer => PlatformPrincipal.From(User)!;

    public IActionResult OnGet() => InPersonVerification.MayUse(Officer) ? Page() : Forbid();

    public Task<IActionResult> OnPostLookupAsync(CancellationToken ct) => LookUpAsync(false, ct);

    public Task<IActionResult> OnPostRevealAsync(CancellationToken ct) => LookUpAsync(true, ct);

    public async Task<IActionResult> OnPostConfirmAsync(long citizenId, CancellationToken ct)
    {
        if (!InPersonVerification.MayUse(Officer))
        {
            return Forbid();
        }

        return await verification.ConfirmAsync(Officer, citizenId, ct) ? RedirectToPage(new { Done = "confirmed" }) : NotFound();
    }

    private async Task<IActionResult> LookUpAsync(bool reveal, CancellationToken ct)
    {
        if (!InPersonVerification.MayUse(Officer))
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(IdNumber))
        {
            Errors.Add("idNumber", "", Lang.L("请输入证件上的公民身份号码", "Enter the number on the ID card"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Searched = true;
        Found = await verification.LookUpAsync(Officer, IdNumber, reveal, ct);
        return Page();
    }
}
