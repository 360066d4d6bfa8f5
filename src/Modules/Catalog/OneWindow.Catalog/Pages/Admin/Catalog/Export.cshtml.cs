using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>The export form; the file itself streams from GET /api/v1/catalog/export.csv.</summary>
public sealed class ExportModel(CatalogAdminQueries queries) : PageModel
{
    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Departments = await queries.DepartmentsAsync(CatalogClaims.ToActor(User)!, ct);
}
