using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Features.DataUse;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Pages.Admin.Exchange;

/// <summary>群众异议: citizens' objections to reads of their data, for the provider department's administrators and the
/// region's supervisors and data administrators, with the answer form (the citizen sees the answer).</summary>
public sealed class ObjectionsModel(DataUseLog dataUse, IOrganisationDirectory organisation) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public long ObjectionId { get; set; }

    [BindProperty] public string? Answer { get; set; }

    public IReadOnlyList<DataUseObjection> Objections { get; private set; } = [];

    public IReadOnlyDictionary<long, string> DepartmentNames { get; private set; } = new Dictionary<long, string>();

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        var result = await dataUse.AnswerAsync(PlatformPrincipal.From(User)!, ObjectionId, Answer, ct);
        if (result.Failure is not { } failure)
        {
            return Redirect($"/admin/exchange/objections?done=answered#objection-{ObjectionId}");
        }

        if (failure.Kind == FailureKind.Invalid)
        {
            Errors.Add($"answer-{ObjectionId}", Lang.L("答复", "Answer"), failure.ErrorFor("answer") ?? failure.Detail);
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
        Objections = await dataUse.ObjectionsForAsync(PlatformPrincipal.From(User)!, Before, 50, ct);
        DepartmentNames = (await organisation.DepartmentsAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
    }
}
