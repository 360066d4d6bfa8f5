using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Paging;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>The back-office item list. Filters live in the query string (bookmarkable, back button works); paging is
/// keyset by id ("after" cursor), so page 500 costs what page 1 costs.</summary>
public sealed class IndexModel(CatalogAdminQueries queries) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public AdminItemPage Result { get; private set; } = new([], null);

    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public CatalogActor Actor { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actor = CatalogClaims.ToActor(User)!;
        Departments = await queries.DepartmentsAsync(Actor, ct);
        // Unknown values are dropped rather than failing the page: someone followed a stale link.
        if (Status != null && !CatalogAdminQueries.Statuses.Contains(Status)) Status = null;
        var department = Departments.FirstOrDefault(d => d.Key == Department);
        if (department == null) Department = null;
        if (Q is { Length: > 100 }) Q = Q[..100];
        long? after = Cursor.TryDecode(After, out var id) ? id : null;
        Result = await queries.ListAsync(new AdminListFilter(Status, department?.Id, Q, after, PageSize), Actor, ct);
    }

    public string Link(string? status = null, string? after = null, bool keepStatus = true) =>
        QueryHelpers.AddQueryString("/admin/catalog", new Dictionary<string, string?>
        {
            ["status"] = keepStatus ? Status : status, ["department"] = Department, ["q"] = Q, ["after"] = after,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
