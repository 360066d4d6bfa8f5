using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Account.Cases;

/// <summary>A printable notice of the applicant's own case (the QR code opens the public progress page).</summary>
public sealed class NoticeModel(Applications applications, CasesDbContext db) : CitizenPage
{
    public CaseNoticeView Notice { get; private set; } = null!;

    public long CaseId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long noticeId, CancellationToken ct)
    {
        var c = await applications.OwnAsync(CaseActor.From(Principal), id, ct);
        var notice = c == null ? null : await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId && n.CaseId == c.Id, ct);
        if (c?.Number == null || c.QueryCode == null || notice == null)
        {
            return NotFound();
        }

        CaseId = c.Id;
        Notice = CaseNoticeView.From(c, notice, CasePageText.ProgressUrl(Request, c.Number, c.QueryCode));
        return Page();
    }
}
