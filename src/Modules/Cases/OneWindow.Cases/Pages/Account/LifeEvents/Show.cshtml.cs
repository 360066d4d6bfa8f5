using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Account.LifeEvents;

/// <summary>My life event (一件事): the combined status of its cases and the one delivery.</summary>
public sealed class ShowModel(OneWindow.Cases.Features.Bundles.LifeEvents events) : CitizenPage
{
    public BundleView View { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var view = await events.ViewAsync(CaseActor.From(Principal), id, ct);
        if (view == null)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }
}
