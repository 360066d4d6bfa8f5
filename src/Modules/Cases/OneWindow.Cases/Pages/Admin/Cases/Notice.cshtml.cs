using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>A printable notice of a case for staff (受理通知书, 补正通知书, 不予受理通知书, 决定书), as it was issued.
/// Rendered by the shared Pages/Shared/_CaseNotice.cshtml, so staff print exactly what the applicant sees.</summary>
public sealed class NoticeModel(CaseQueries queries) : PageModel
{
    public Case Case { get; private set; } = null!;

    public CaseNotice Notice { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, long noticeId, CancellationToken ct)
    {
        var actor = CaseActor.From(PlatformPrincipal.From(User)!);
        var c = await queries.FindAsync(id, ct);
        if (c == null || c.Status == CaseStatus.Draft || !(actor.MayRead(c.DepartmentId, c.RegionCode) || await queries.InvolvesDepartmentAsync(c.Id, actor, ct)))
        {
            return NotFound();
        }

        var notice = (await queries.DetailAsync(c, staffView: true, ct)).Notices.FirstOrDefault(n => n.Id == noticeId);
        if (notice == null)
        {
            return NotFound();
        }

        Case = c;
        Notice = notice;
        return Page();
    }
}
