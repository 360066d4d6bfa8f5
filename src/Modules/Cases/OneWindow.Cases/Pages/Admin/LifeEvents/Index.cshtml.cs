using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.LifeEvents;

/// <summary>The lead window's list: life events whose items are all decided and whose results wait for the one delivery.</summary>
public sealed class IndexModel(OneWindow.Cases.Features.Bundles.LifeEvents events) : PageModel
{
    public const int Limit = 100;

    public IReadOnlyList<Bundle> Bundles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Bundles = await events.ToDeliverAsync(CaseActor.From(PlatformPrincipal.From(User)!), Limit, ct);
}
