using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>Element-by-element changes between any two versions, drafts included (the public page shows published ones only).</summary>
public sealed class DiffModel(CatalogAdminQueries queries, CatalogReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? From { get; set; }

    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    public AdminItemHeader Item { get; private set; } = null!;

    public IReadOnlyList<VersionSummary> Versions { get; private set; } = [];

    public IReadOnlyList<OneWindow.Shared.Versions.FieldChange>? Changes { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var header = await queries.HeaderAsync(id, ct);
        if (header == null || !CatalogAdminQueries.MayView(CatalogClaims.ToActor(User)!, header))
        {
            return NotFound();
        }

        Item = header;
        Versions = await reader.VersionsAsync(id, publishedOnly: false, ct);
        if (From is { } from && To is { } to)
        {
            var left = await reader.VersionAsync(id, from, publishedOnly: false, ct);
            var right = await reader.VersionAsync(id, to, publishedOnly: false, ct);
            if (left == null || right == null)
            {
                return NotFound();
            }

            Changes = VersionDiff.Compare(left.Guide, right.Guide);
        }

        return Page();
    }
}
