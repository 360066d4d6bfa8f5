using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Shared.Security;

namespace OneWindow.Shared.Web;

/// <summary>Base of the pages under /account, which the "citizen" policy keeps to signed-in citizens.</summary>
public abstract class CitizenPage : PageModel
{
    public const string Policy = "citizen";

    protected PlatformPrincipal Principal => PlatformPrincipal.From(User) ?? throw new InvalidOperationException("Account pages require a signed-in citizen.");

    protected long CitizenId => Principal.AccountId!.Value;

    protected long? ActingFor => Principal.ActingForEnterpriseId;

    public static (string Zh, string En) AssuranceTitle(int level) => level switch
    {
        3 => ("L3 现场核验", "L3 verified in person"),
        2 => ("L2 实名核验", "L2 ID verified"),
        _ => ("L1 注册用户", "L1 registered"),
    };
}

/// <summary>QR codes as inline SVG (no script, no external image): the TOTP binding and, later, receipts and licences.</summary>
public static class QrSvg
{
    public static string Render(string text, int pixelsPerModule = 4)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(pixelsPerModule);
    }
}
