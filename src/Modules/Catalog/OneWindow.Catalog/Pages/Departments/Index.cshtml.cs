using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Catalog.Pages.Departments;

public sealed class IndexModel(CatalogReader reader) : PageModel
{
    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Departments = await reader.DepartmentsAsync(ct);
}
