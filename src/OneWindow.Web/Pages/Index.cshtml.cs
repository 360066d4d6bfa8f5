using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Web.Pages;

public sealed class IndexModel(CatalogReader reader) : PageModel
{
    public IReadOnlyList<(string Name, long Id)> Popular { get; private set; } = [];

    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Popular = await reader.PopularAsync(10, ct);
        Departments = await reader.DepartmentsAsync(ct);
    }
}
