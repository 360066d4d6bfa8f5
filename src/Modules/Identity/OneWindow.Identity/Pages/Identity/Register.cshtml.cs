using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Identity;
using OneWindow.Identity.Features;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Http;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Identity;

/// <summary>
/// 个人用户注册: the citizen registration form. Works without JavaScript, calls the same CitizenRegistration service
/// as POST /api/v1/citizens, keeps what was typed on error (except the password) and shows the masked ID number on success.
/// </summary>
[EnableRateLimiting(IdentityModule.RegistrationRateLimit)]
public sealed class RegisterModel(CitizenRegistration registration, TimeProvider clock) : PageModel
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
        switch (outcome.Status)
        {
            case RegistrationStatus.Ok:
                Registered = outcome.Value;
                Name = IdNumber = Phone = null;
                return Page();
            case RegistrationStatus.Invalid:
                Errors = outcome.Errors!;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                Problem = Lang.L(outcome.Message ?? "", "This ID number is already registered. If you did not register it, please bring your ID card to a service window.");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }

    /// <summary>The message for a field in the page's language (the service speaks Chinese; English is mapped here).</summary>
    public string? Error(string field)
    {
        var message = Errors.First(field);
        if (message == null || !Lang.IsEnglish)
        {
            return message;
        }

        return field switch
        {
            "name" => "Enter your name (up to 100 characters)",
            "idNumber" => CitizenIdNumber.Check(IdNumber, OneWindow.Shared.ChinaTime.Today(clock)).Problem switch
            {
                CitizenIdProblem.BirthDate => "The date of birth in the number is not valid",
                CitizenIdProblem.CheckDigit => "The check digit does not match; please check the number",
                CitizenIdProblem.AddressCode => "The first 6 digits (address code) are not valid",
                _ => "Enter the 18-character citizen ID number; the last character may be X",
            },
            "phone" => "Enter an 11-digit mainland mobile number, e.g. 13800138000",
            "password" => $"Use at least {CitizenRegistration.MinPasswordLength} characters with both letters and digits",
            _ => message,
        };
    }

    public static string Label(string field) => field switch
    {
        "name" => Lang.L("姓名", "Name"),
        "idNumber" => Lang.L("公民身份号码", "Citizen ID number"),
        "phone" => Lang.L("手机号码", "Mobile number"),
        _ => Lang.L("密码", "Password"),
    };
}
