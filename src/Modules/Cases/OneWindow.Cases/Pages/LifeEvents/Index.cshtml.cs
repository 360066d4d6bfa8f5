using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Bundles;

namespace OneWindow.Cases.Pages.LifeEvents;

/// <summary>一件事一次办: the life events offered (reference data; availability is checked on each guide).</summary>
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<LifeEventDefinition> Events => LifeEventCatalogue.All;
}
