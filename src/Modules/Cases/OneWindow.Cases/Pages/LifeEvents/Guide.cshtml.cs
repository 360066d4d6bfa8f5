using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Bundles;

namespace OneWindow.Cases.Pages.LifeEvents;

/// <summary>A life event's guide: what it covers, which departments, the facts asked and the materials (each once).</summary>
public sealed class GuideModel(OneWindow.Cases.Features.Bundles.LifeEvents events) : PageModel
{
    public LifeEventPlan Plan { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var plan = await events.PlanAsync(key, ct);
        if (plan == null)
        {
            return NotFound();
        }

        Plan = plan;
        return Page();
    }
}
