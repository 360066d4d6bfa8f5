using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Organisation;

namespace OneWindow.Web.Pages;

/// <summary>The portal's home page: composes the catalogue's popular items and department windows through the
/// catalogue's contracts.</summary>
public sealed class IndexModel(IPublishedItems items, IOrganisationDirectory directory) : PageModel
{
    public IReadOnlyList<(string Name, long Id)> Popular { get; private set; } = [];

    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Popular = await items.PopularAsync(10, ct);
        Departments = await directory.DepartmentsAsync(ct);
    }
}
