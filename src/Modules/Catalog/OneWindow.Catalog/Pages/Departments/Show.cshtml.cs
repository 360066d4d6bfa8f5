using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Search;

namespace OneWindow.Catalog.Pages.Departments;

public sealed class ShowModel(CatalogReader reader, CatalogSearch search) : PageModel
{
    public DepartmentSummary Department { get; private set; } = null!;

    public SearchResult Items { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "page")] public int PageNo { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var department = await reader.DepartmentAsync(key, ct);
        if (department == null)
        {
            return NotFound();
        }

        Department = department;
        PageNo = Math.Clamp(PageNo, 1, 500);
        Items = await search.SearchAsync(new SearchRequest { DepartmentId = department.Id, Page = PageNo, PageSize = 20 }, ct);
        return Page();
    }
}
