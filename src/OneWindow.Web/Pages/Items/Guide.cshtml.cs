using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Web.Pages.Items;

public sealed class GuideModel(CatalogReader reader) : PageModel
{
    public PublishedItem Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var item = await reader.PublishedAsync(id, ct);
        if (item == null)
        {
            return NotFound();
        }

        Item = item;
        await reader.CountViewAsync(id, ct);
        return Page();
    }
}
