using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Web.Pages.Admin;

/// <summary>工作台: where staff land after signing in. Says who they are signed in as (department, division, roles and
/// what each reaches) and links to the back-office pages their roles open; roles whose pages do not exist yet
/// (window officers, reviewers of cases) see their scope here.</summary>
public sealed class IndexModel(IOrganisationDirectory directory) : PageModel
{
    public PlatformPrincipal Staff { get; private set; } = null!;

    public OrgDepartment? Department { get; private set; }

    public bool OpensCatalogue => Staff.Roles.Overlaps([StaffRoles.CatalogEditor, StaffRoles.CatalogReviewer, StaffRoles.PlatformAdmin]);

    public bool OpensDirectory => Staff.Roles.Overlaps(StaffPermissions.DirectoryRoles);

    /// <summary>The window's own page: in-person verification of citizens (现场核验).</summary>
    public bool OpensWindow => OneWindow.Identity.Features.Account.InPersonVerification.MayUse(Staff);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Staff = PlatformPrincipal.From(User)!;
        Department = Staff.DepartmentId is { } id ? await directory.DepartmentAsync(id, ct) : null;
    }
}
