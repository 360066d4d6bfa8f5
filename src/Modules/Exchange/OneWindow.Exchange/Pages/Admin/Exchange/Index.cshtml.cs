using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Pages.Admin.Exchange;

/// <summary>数据共享: the department's requests and grants — what it asked for (consumer), what others ask of it
/// (provider, with approve / refuse / revoke), and for data administrators the escalated overdue requests.</summary>
public sealed class IndexModel(GrantLists lists, GrantDesk desk, IOrganisationDirectory organisation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? As { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public long GrantId { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<DataGrant> Grants { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public IReadOnlyDictionary<long, string> DepartmentNames { get; private set; } = new Dictionary<long, string>();

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public string Side => As is GrantLists.AsProvider or GrantLists.Escalated ? As : GrantLists.AsConsumer;

    private GrantActor Actor => new(PlatformPrincipal.From(User)!);

    public bool MayDecide(DataGrant grant) => grant.Status == GrantStatus.Pending && grant.RequestedBy != Actor.Subject && Side != GrantLists.AsConsumer;

    public bool MayRevoke(DataGrant grant) => grant.Status == GrantStatus.Approved;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) => ActAsync((actor, id, decision) => desk.ApproveAsync(actor, id, decision, ct), "approved", ct);

    public Task<IActionResult> OnPostRefuseAsync(CancellationToken ct) => ActAsync((actor, id, decision) => desk.RefuseAsync(actor, id, decision, ct), "refused", ct);

    public Task<IActionResult> OnPostRevokeAsync(CancellationToken ct) => ActAsync((actor, id, decision) => desk.RevokeAsync(actor, id, decision, ct), "revoked", ct);

    public static string StatusTitle(string status) => GrantDesk.StatusText(status);

    private async Task<IActionResult> ActAsync(Func<GrantActor, long, GrantDecision, Task<Outcome<DataGrant>>> act, string done, CancellationToken ct)
    {
        var result = await act(Actor, GrantId, new GrantDecision(Reason));
        if (result.Failure is not { } failure)
        {
            return Redirect($"/admin/exchange?as={Side}&done={done}#grant-{GrantId}");
        }

        if (failure.Kind == FailureKind.Invalid)
        {
            Errors.Add($"reason-{GrantId}", Lang.L("理由", "Reason"), failure.ErrorFor("reason") ?? failure.Detail);
        }
        else
        {
            Problem = failure.Detail;
        }

        Response.StatusCode = failure.Status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var result = await lists.ListAsync(Actor, Side, null, After, 50, ct);
        if (result.Failure is { } failure)
        {
            Problem ??= failure.Detail;
            result = await lists.ListAsync(Actor, Side, null, null, 50, ct);
        }

        if (result.Succeeded)
        {
            (Grants, NextCursor) = result.Value;
        }

        DepartmentNames = (await organisation.DepartmentsAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
    }
}
