using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Web.Pages.Admin;

/// <summary>工作台: where staff land after signing in. Says who they are signed in as (department, division, roles and
/// what each reaches) and shows the back-office pages their roles open — each module adds its own (NavSlot.Workspace).</summary>
public sealed class IndexModel(IOrganisationDirectory directory, IEnumerable<NavLink> links) : PageModel
{
    public PlatformPrincipal Staff { get; private set; } = null!;

    public OrgDepartment? Department { get; private set; }

    public IReadOnlyList<NavLink> Opens { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Staff = PlatformPrincipal.From(User)!;
        Department = Staff.DepartmentId is { } id ? await directory.DepartmentAsync(id, ct) : null;
        Opens = links.Where(l => l.Slot == NavSlot.Workspace && l.Visible(Staff)).OrderBy(l => l.Order).ToList();
    }
}
