using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Account;

/// <summary>站内消息: the applicant's notifications about their cases, newest first; opening the page marks them read.</summary>
public sealed class NotificationsModel(CaseQueries queries) : CitizenPage
{
    public IReadOnlyList<NotificationRow> Rows { get; private set; } = [];

    public string? NextCursor { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Before { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var recipient = CaseActor.From(Principal).ApplicantSubject!;
        long? before = Cursor.TryDecode(Before, out var id) ? id : null;
        Rows = await queries.NotificationsAsync(recipient, before, ct);
        NextCursor = Rows.Count == CaseQueries.PageSize ? Cursor.Encode(Rows[^1].Id) : null;
        if (Rows.Any(r => !r.Read))
        {
            await queries.MarkReadAsync(recipient, ct);
        }
    }
}
