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
public sealed class IndexModel(GrantLists lists, GrantDesk desk, IOrganisationDirectory organisation, OneWindow.Shared.Sharing.IDataResourceCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? As { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public long GrantId { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<DataGrant> Grants { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public IReadOnlyDictionary<long, string> DepartmentNames { get; private set; } = new Dictionary<long, string>();

    public IReadOnlyDictionary<string, OneWindow.Shared.Sharing.SharedResource> Resources { get; private set; } = new Dictionary<string, OneWindow.Shared.Sharing.SharedResource>();

    /// <summary>Item keys with their Chinese names from the resource's published version (the key alone when gone).</summary>
    public string ItemNames(DataGrant grant, string keys) =>
        string.Join("、", keys.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(k => Resources.TryGetValue(grant.ResourceCode, out var r) && r.Item(k) is { } item ? $"{item.Name}（{k}）" : k));

    public static string RowScopeText(DataGrant grant) => grant.RowScope switch
    {
        RowScopes.Region => Lang.L($"限 {grant.RowRegion} 及下级行政区划", $"Division {grant.RowRegion} and below"),
        RowScopes.OpenCases => Lang.L("限本部门在办件的当事人", "Applicants of the consumer's open cases"),
        _ => Lang.L("全部（登记类资源按主体逐一查询）", "All (registries one subject at a time)"),
    };

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
        Resources = await catalog.PublishedAsync(Grants.Select(g => g.ResourceCode).Distinct().ToList(), ct);
    }
}
