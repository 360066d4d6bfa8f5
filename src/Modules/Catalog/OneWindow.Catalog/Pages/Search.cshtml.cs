using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Search;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages;

public sealed class SearchModel(CatalogSearch search, CatalogReader reader) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true)] public int? Target { get; set; }

    [BindProperty(SupportsGet = true)] public string? Topic { get; set; }

    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    [BindProperty(SupportsGet = true)] public string? Type { get; set; }

    [BindProperty(SupportsGet = true)] public int? Depth { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")] public int PageNo { get; set; } = 1;

    public SearchResult? Result { get; private set; }

    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public Dictionary<long, DepartmentSummary> DepartmentsById { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Departments = await reader.DepartmentsAsync(ct);
        DepartmentsById = Departments.ToDictionary(d => d.Id);
        // Unknown filter values are dropped rather than failing the page: a person followed a stale link.
        if (Target is { } t && !CatalogCodes.IsKnown(CatalogCodes.Targets, t)) Target = null;
        if (Depth is { } d && !CatalogCodes.IsKnown(CatalogCodes.OnlineDepths, d)) Depth = null;
        if (Type != null && !CatalogCodes.IsKnown(CatalogCodes.ItemTypes, Type)) Type = null;
        if (Topic is { Length: > 20 }) Topic = null;
        var department = Department == null ? null : Departments.FirstOrDefault(x => x.Key == Department);
        if (department == null) Department = null;
        if (Q is { Length: > 100 })
        {
            Q = Q[..100];
            Problem = Lang.L("搜索词过长，已截取前100个字", "The search was too long and has been shortened to 100 characters");
        }

        PageNo = Math.Clamp(PageNo, 1, CatalogSearch.CountCap / PageSize);
        Result = await search.SearchAsync(new SearchRequest
        {
            Q = Q, Target = Target, Topic = Topic, DepartmentId = department?.Id, ItemType = Type, OnlineDepth = Depth, Page = PageNo, PageSize = PageSize,
        }, ct);
    }

    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Q, ["target"] = Target?.ToString(), ["topic"] = Topic, ["department"] = Department, ["type"] = Type, ["depth"] = Depth?.ToString(), ["page"] = page.ToString() };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
