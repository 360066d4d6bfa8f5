using OneWindow.Shared.Security;

namespace OneWindow.DataCatalog.Features;

/// <summary>
/// Who may do what in the data resource catalogue, through <see cref="StaffScope.Reaches"/>:
/// <list type="bullet">
/// <item>read published metadata: any staff member, and department systems (client tokens with data.resources.read);</item>
/// <item>edit and submit: the provider department's <c>department_admin</c>, a <c>data_admin</c> whose division reaches the
/// provider's, <c>platform_admin</c>; and the provider department's own systems (client tokens with data.resources.write);</item>
/// <item>review (publish, return): a <c>data_admin</c> whose division reaches the provider's, or <c>platform_admin</c> —
/// never the one who submitted that version.</item>
/// </list>
/// Citizens have no business here.
/// </summary>
public static class DataCatalogAccess
{
    public static bool MayRead(PlatformPrincipal? principal) => principal is { IsStaff: true } or { IsClient: true };

    public static bool MayEdit(PlatformPrincipal? principal, long departmentId, string departmentRegion) => principal switch
    {
        { IsStaff: true } => principal.Scope.Reaches(StaffRoles.DepartmentAdmin, departmentId, departmentRegion)
            || principal.Scope.Reaches(StaffRoles.DataAdmin, departmentId, departmentRegion),
        { IsClient: true } => principal.DepartmentId == departmentId,
        _ => false,
    };

    public static bool MayReview(PlatformPrincipal? principal, long departmentId, string departmentRegion) =>
        principal is { IsStaff: true } && principal.Scope.Reaches(StaffRoles.DataAdmin, departmentId, departmentRegion);

    /// <summary>Any role that works in the back office of the catalogue: who sees the admin page and its nav link.</summary>
    public static bool HasCatalogueRole(PlatformPrincipal? principal) =>
        principal is { IsStaff: true } && principal.Roles.Overlaps([StaffRoles.DepartmentAdmin, StaffRoles.DataAdmin, StaffRoles.PlatformAdmin]);
}
