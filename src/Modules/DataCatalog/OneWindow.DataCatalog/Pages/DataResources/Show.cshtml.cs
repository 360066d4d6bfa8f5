using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.DataCatalog.Features.Reading;
using OneWindow.Shared.Security;

namespace OneWindow.DataCatalog.Pages.DataResources;

/// <summary>One data resource: the published version (or ?version=), its items, its versions and, with ?from=&amp;to=,
/// the difference between two of them.</summary>
public sealed class ShowModel(ResourceReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }

    [BindProperty(SupportsGet = true)] public int? From { get; set; }

    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    public ResourceView Resource { get; private set; } = null!;

    public IReadOnlyList<VersionSummary> Versions { get; private set; } = [];

    public ResourceDiff? Diff { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var staff = PlatformPrincipal.From(User)!;
        var view = await reader.GetAsync(code, Version, staff, ct);
        if (view.Value == null)
        {
            return NotFound();
        }

        Resource = view.Value;
        Versions = (await reader.VersionsAsync(code, staff, ct)).Value ?? [];
        if (From != null || To != null)
        {
            Diff = (await reader.DiffAsync(code, From, To, staff, ct)).Value;
        }

        return Page();
    }
}
