using Microsoft.AspNetCore.Mvc;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account;

/// <summary>我的账号: who the platform thinks you are (masked), how sure it is (assurance level), your second factor,
/// and the enterprises you may act for, with the switch between them.</summary>
public sealed class IndexModel(CitizenAccounts accounts, EnterpriseAgents agents) : CitizenPage
{
    public Citizen Citizen { get; private set; } = null!;

    public IReadOnlyList<ActingOption> Enterprises { get; private set; } = [];

    public ActingOption? Current { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var citizen = await accounts.GetAsync(CitizenId, ct);
        if (citizen == null)
        {
            await Sessions.SignOutAsync(HttpContext);
            return Redirect("/signin");
        }

        Citizen = citizen;
        Enterprises = await agents.OptionsAsync(CitizenId, ct);
        Current = Enterprises.FirstOrDefault(e => e.EnterpriseId == ActingFor);
        return Page();
    }

    /// <summary>切换办事身份: to an enterprise the citizen is authorized for, or back to themselves (empty value).</summary>
    public async Task<IActionResult> OnPostSwitchAsync(long? enterpriseId, CancellationToken ct)
    {
        var citizen = await accounts.GetAsync(CitizenId, ct);
        if (citizen == null)
        {
            return Redirect("/signin");
        }

        var option = await agents.SwitchAsync(CitizenId, enterpriseId, ct);
        if (enterpriseId != null && option == null)
        {
            // Not (or no longer) authorized: nothing changes, and the page says so.
            return RedirectToPage(new { Done = "not-authorized" });
        }

        await Sessions.RefreshAsync(HttpContext, AccountClaims.ForCitizen(citizen, option?.EnterpriseId));
        return RedirectToPage(new { Done = "switched" });
    }
}
