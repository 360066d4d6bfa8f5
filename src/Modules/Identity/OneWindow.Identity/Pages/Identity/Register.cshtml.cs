using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Identity;

/// <summary>
/// 个人用户注册: the citizen registration form. Works without JavaScript, calls the same CitizenRegistration service
/// as POST /api/v1/citizens, keeps what was typed on error (except the password) and shows the masked ID number on success.
/// </summary>
[EnableRateLimiting(IdentityModule.RegistrationRateLimit)]
public sealed class RegisterModel(CitizenRegistration registration) : PageModel
{
    /// <summary>Form fields in page order: the key the service reports errors under, and the input's id.</summary>
    public static readonly string[] Fields = ["name", "idNumber", "phone", "password"];

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? IdNumber { get; set; }

    [BindProperty] public string? Phone { get; set; }

    [BindProperty] public string? Password { get; set; }

    public ValidationErrors Errors { get; private set; } = new();

    /// <summary>A form-level message (already registered), shown at the top.</summary>
    public string? Problem { get; private set; }

    public RegisteredCitizen? Registered { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await registration.RegisterAsync(new CitizenRegistrationRequest(Name, IdNumber, Phone, Password), ct);
        Password = null;
        switch (outcome.Failure)
        {
            case null:
                Registered = outcome.Value;
                Name = IdNumber = Phone = null;
                return Page();
            case { Kind: FailureKind.Invalid } invalid:
                Errors = IdentityText.Fields(invalid);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case var refusal:
                Problem = refusal.Detail;
                Response.StatusCode = refusal.Status;
                return Page();
        }
    }

    /// <summary>The message for a field (already in the page's language: the service's messages come from the catalogue).</summary>
    public string? Error(string field) => Errors.First(field);

    public static string Label(string field) => field switch
    {
        "name" => Lang.L("姓名", "Name"),
        "idNumber" => Lang.L("公民身份号码", "Citizen ID number"),
        "phone" => Lang.L("手机号码", "Mobile number"),
        _ => Lang.L("密码", "Password"),
    };
}
