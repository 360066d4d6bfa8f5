using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Licences;
using OneWindow.Licences.Api;
using OneWindow.Licences.Features.Verification;
using OneWindow.Shared.Web;

namespace OneWindow.Licences.Pages.Licences;

/// <summary>电子证照核验: paste an identifier or a QR payload, or arrive from a licence's QR code (?p=…); the answer is
/// a big ✓ or ✗ with the reason and the holder's name masked. No sign-in; rate-limited per address.</summary>
[EnableRateLimiting(LicencesModule.VerifyRateLimit)]
public sealed class VerifyModel(LicenceVerifier verifier) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Identifier { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] public string? Payload { get; set; }

    public VerifyResponse? Result { get; private set; }

    public FormErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var identifier = Identifier?.Trim();
        var payload = Payload?.Trim();
        if (identifier == null && payload == null)
        {
            return;
        }

        if (string.IsNullOrEmpty(identifier) == string.IsNullOrEmpty(payload) || identifier is { Length: > 200 } || payload is { Length: > 8000 })
        {
            Errors.Add("identifier", Lang.L("证照标识", "Licence identifier"), Lang.L("请填写证照标识或二维码内容其中之一", "Enter either the identifier or the QR content"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var check = string.IsNullOrEmpty(payload) ? await verifier.ByIdentifierAsync(identifier, ct) : await verifier.ByPayloadAsync(payload, ct);
        Result = LicencesApi.ToResponse(check);
    }
}
