using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Features.Queries;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Account.Cases;

/// <summary>我的办件: the applicant's cases and drafts, newest first, keyset-paged.</summary>
public sealed class IndexModel(CaseQueries queries, OneWindow.Cases.Features.Bundles.LifeEvents events) : CitizenPage
{
    /// <summary>The applicant's life events (一件事), newest first, on the first page.</summary>
    public IReadOnlyList<OneWindow.Cases.Features.Bundles.BundleView> LifeEvents { get; private set; } = [];

    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    public string? NextCursor { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Before { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        long? before = Cursor.TryDecode(Before, out var id) ? id : null;
        Cases = await queries.MineAsync(CaseActor.From(Principal).ApplicantSubject!, before, ct);
        NextCursor = Cases.Count == CaseQueries.PageSize ? Cursor.Encode(Cases[^1].Id) : null;
        LifeEvents = before == null ? await events.MineAsync(CaseActor.From(Principal), 20, ct) : [];
    }

    public static string Link(string? before) => "/account/cases" + (before != null ? "?before=" + Uri.EscapeDataString(before) : "");
}
