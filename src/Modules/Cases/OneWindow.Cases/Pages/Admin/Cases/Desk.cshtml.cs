using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>统一受理台: the department's cases waiting for acceptance, oldest first, with the 5-working-day window of
/// Art. 32 as a badge; keyset pages of <see cref="CaseQueries.PageSize"/>.</summary>
public sealed class DeskModel(CaseQueries queries) : PageModel
{
    public IReadOnlyList<DeskRow> Rows { get; private set; } = [];

    public string? Next { get; private set; }

    public bool Paged { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? after, CancellationToken ct)
    {
        var actor = CaseActor.From(PlatformPrincipal.From(User)!);
        if (actor.DepartmentId is not { } department || !actor.MayAct(StaffRoles.WindowOfficer, department, actor.Scope.RegionCode ?? ""))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!Cursor.TryDecodeOptional(after, out var afterId))
        {
            return BadRequest();
        }

        Paged = afterId != null;
        Rows = await queries.DeskAsync(department, afterId, ct);
        Next = Rows.Count == CaseQueries.PageSize ? Cursor.Encode(Rows[^1].CaseId) : null;
        return Page();
    }
}
