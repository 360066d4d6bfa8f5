using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Registry;
using OneWindow.Registry.Features;
using OneWindow.Registry.Features.Quality;

namespace OneWindow.Registry.Pages.Admin.Registry;

/// <summary>数据质量: per source completeness, validity, open conflicts and freshness, as server-drawn SVG bars (no script).</summary>
[Authorize(Policy = RegistryModule.StaffPolicy)]
public sealed class QualityModel(QualityReport report, RegistryOptions options) : PageModel
{
    public QualityResponse Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MayRead(options.RegionCode))
        {
            return Forbid();
        }

        Report = await report.ComputeAsync(ct);
        return Page();
    }

    /// <summary>A ratio as a whole percentage for text ("—" when there is nothing to measure).</summary>
    public static string Percent(double? ratio) => ratio is { } r ? Math.Round(r * 100, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Bar width in the 0–100 SVG viewBox.</summary>
    public static string Width(double? ratio) => Math.Clamp((ratio ?? 0) * 100, 0, 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Good (≥ 95%), fair (≥ 80%) or poor, for the bar colour.</summary>
    public static string Grade(double? ratio) => ratio switch { null => "bar-none", >= 0.95 => "bar-good", >= 0.8 => "bar-fair", _ => "bar-poor" };
}
