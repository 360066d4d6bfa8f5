using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Catalog.Pages.Items;

/// <summary>Public version history of an item and, with from/to, what changed between two published versions.</summary>
public sealed class VersionsModel(CatalogReader reader) : PageModel
{
    public long ItemId { get; private set; }

    public string Name { get; private set; } = "";

    public IReadOnlyList<VersionSummary> Versions { get; private set; } = [];

    public IReadOnlyList<OneWindow.Shared.Versions.FieldChange>? Changes { get; private set; }

    [BindProperty(SupportsGet = true)] public int? From { get; set; }

    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Versions = await reader.VersionsAsync(id, publishedOnly: true, ct);
        if (Versions.Count == 0)
        {
            return NotFound();
        }

        ItemId = id;
        Name = Versions[0].Name;
        if (From is { } from && To is { } to)
        {
            var left = await reader.VersionAsync(id, from, true, ct);
            var right = await reader.VersionAsync(id, to, true, ct);
            if (left != null && right != null)
            {
                Changes = VersionDiff.Compare(left.Guide, right.Guide);
            }
        }

        return Page();
    }
}
