using OneWindow.Shared.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Admin.LifeEvents;

/// <summary>A life event for staff: the combined status and, for the lead window, the one delivery of every result.</summary>
public sealed class ShowModel(OneWindow.Cases.Features.Bundles.LifeEvents events) : PageModel
{
    public BundleView View { get; private set; } = null!;

    [BindProperty] public string? TrackingNumber { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    private CaseActor Actor => CaseActor.From(PlatformPrincipal.From(User)!);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDeliverAsync(long id, CancellationToken ct)
    {
        var result = await events.DeliverAsync(Actor, id, TrackingNumber, ct);
        if (result.Succeeded)
        {
            return Redirect($"/admin/life-events/{id}?done=delivered");
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        CasePageText.AddProblem(Errors, result.Failure!, key => key == "trackingNumber" ? ("tracking-number", Lang.L("运单号", "Tracking number")) : ("", ""));
        Response.StatusCode = result.Failure!.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var view = await events.ViewAsync(Actor, id, ct);
        if (view == null)
        {
            return false;
        }

        View = view;
        return true;
    }
}
