using OneWindow.Shared.Results;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Features.Handling;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Security;

using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>我的待办 / 部门待办: the department's open tasks, oldest first, filtered (all, mine, unclaimed, yellow/red),
/// with a claim button per row; keyset pages. The filter stays in every link.</summary>
public sealed class IndexModel(CaseQueries queries, CaseHandling handling) : PageModel
{
    public static readonly string[] Filters = ["all", "mine", "unclaimed", "warnings"];

    public IReadOnlyList<InboxRow> Rows { get; private set; } = [];

    public string Filter { get; private set; } = "all";

    public string? Next { get; private set; }

    public bool Paged { get; private set; }

    public string? Problem { get; private set; }

    public string Subject => PlatformPrincipal.From(User)!.Subject;

    public bool MayClaim(InboxRow row) => row.AssigneeSubject == null && PlatformPrincipal.From(User)!.Roles.Contains(row.Role);

    public static string FilterLabel(string filter) => filter switch
    {
        "mine" => Lang.L("我的待办", "Mine"),
        "unclaimed" => Lang.L("未签收", "Unclaimed"),
        "warnings" => Lang.L("黄牌/红牌", "Yellow/red"),
        _ => Lang.L("部门待办", "Department"),
    };

    public async Task<IActionResult> OnGetAsync(string? filter, string? after, CancellationToken ct) => await ShowAsync(filter, after, ct);

    public async Task<IActionResult> OnPostClaimAsync(long taskId, string? filter, CancellationToken ct)
    {
        var result = await handling.ClaimAsync(CaseActor.From(PlatformPrincipal.From(User)!), taskId, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = Lang.L("已签收。", "Claimed.");
            return Redirect($"/admin/cases?filter={Clean(filter)}");
        }

        Problem = CaseStaffText.Problem(result.Failure!);
        var page = await ShowAsync(filter, null, ct);
        Response.StatusCode = result.Failure!.Status;
        return page;
    }

    private static string Clean(string? filter) => Filters.Contains(filter) ? filter! : "all";

    private async Task<IActionResult> ShowAsync(string? filter, string? after, CancellationToken ct)
    {
        var actor = CaseActor.From(PlatformPrincipal.From(User)!);
        if (actor.DepartmentId is not { } department)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!Cursor.TryDecodeOptional(after, out var afterId))
        {
            return BadRequest();
        }

        Filter = Clean(filter);
        Paged = afterId != null;
        Rows = await queries.InboxAsync(department, Filter == "mine" ? actor.Subject : null, Filter == "unclaimed", Filter == "warnings", afterId, ct);
        Next = Rows.Count == CaseQueries.PageSize ? Cursor.Encode(Rows[^1].TaskId) : null;
        return Page();
    }
}
