using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features;
using OneWindow.Identity.Features.Account;
using OneWindow.Identity.Features.Enterprises;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account.Enterprises;

/// <summary>法人登记 by a signed-in citizen, who becomes the enterprise's legal representative (same name) or its
/// first agent allowed to authorize others. Calls the same service as POST /api/v1/enterprises.</summary>
[EnableRateLimiting(IdentityModule.RegistrationRateLimit)]
public sealed class RegisterModel(EnterpriseRegistration registration, CitizenAccounts accounts) : CitizenPage
{
    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? CreditCode { get; set; }

    [BindProperty] public string? LegalRepresentative { get; set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var citizen = await accounts.GetAsync(CitizenId, ct);
        var outcome = await registration.RegisterAsync(new EnterpriseRegistrationRequest(Name, CreditCode, LegalRepresentative, false, null),
            Principal.Subject, false, ct, citizen);
        if (outcome.Failure is not { } failure)
        {
            return Redirect("/account?done=registered");
        }

        if (failure.Kind == FailureKind.Invalid)
        {
            foreach (var field in new[] { "name", "creditCode", "legalRepresentative" })
            {
                if (failure.ErrorFor(field) is { } message)
                {
                    Errors.Add(field, "", message);
                }
            }
        }
        else
        {
            Errors.Add("creditCode", "", Lang.L("该统一社会信用代码已登记。如需代表该单位办事，请联系其法定代表人为您授权。", "This credit code is already registered. Ask its legal representative to authorize you."));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
