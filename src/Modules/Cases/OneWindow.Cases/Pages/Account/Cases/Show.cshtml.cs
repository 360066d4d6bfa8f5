using OneWindow.Shared.Results;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Account.Cases;

/// <summary>One of the applicant's cases: status, what is awaited from them, the public timeline, materials, notices,
/// the decision and delivery, and withdrawal before the decision. Anyone else's case is a 404.</summary>
public sealed class ShowModel(Applications applications, CaseQueries queries) : CitizenPage
{
    public const int ReasonMax = 500;

    public CaseDetail Detail { get; private set; } = null!;

    public Case Case => Detail.Case;

    public string? Awaiting { get; private set; }

    public CorrectionNotice? Correction { get; private set; }

    public IReadOnlyList<RequiredMaterial> Materials { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    public bool CanWithdraw => CaseStatus.CanWithdraw(Case.Status) && Case.Decision == null;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var c = await applications.OwnAsync(CaseActor.From(Principal), id, ct);
        if (c == null)
        {
            return NotFound();
        }

        if (c.Status == CaseStatus.Draft)
        {
            return Redirect($"/apply/{c.Id}");
        }

        await LoadAsync(c, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken ct)
    {
        var actor = CaseActor.From(Principal);
        var result = await applications.WithdrawAsync(actor, id, string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim(), ct);
        if (result.Succeeded)
        {
            return Redirect($"/account/cases/{id}?done=withdrawn");
        }

        if (result.Failure!.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        CasePageText.AddProblem(Errors, result.Failure, key => ("reason", Lang.L("撤回原因", "Reason")));
        var c = (await applications.OwnAsync(actor, id, ct))!;
        await LoadAsync(c, ct);
        Response.StatusCode = result.Failure.Status;
        return Page();
    }

    private async Task LoadAsync(Case c, CancellationToken ct)
    {
        Detail = await queries.DetailAsync(c, staffView: false, ct);
        Awaiting = CaseQueries.Awaiting(c, Lang.IsEnglish);
        Materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        if (c.Status == CaseStatus.CorrectionStarted && Detail.Notices.LastOrDefault(n => n.Kind == "correction" && n.AnsweredAt == null) is { } notice)
        {
            Correction = CorrectionNotice.FromJson(notice.BodyJson);
        }
    }
}
