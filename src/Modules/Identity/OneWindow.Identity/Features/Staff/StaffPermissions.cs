using OneWindow.Shared.Security;
using static OneWindow.Shared.Security.StaffRoles;

namespace OneWindow.Identity.Features.Staff;

/// <summary>
/// Who may see and manage which staff accounts, every answer derived from <see cref="StaffScope.Reaches"/>:
/// platform admins everything; a department admin the accounts of its own department, and only those holding nothing
/// but the department roles it may grant itself (otherwise resetting a platform admin's password would make it one);
/// supervisors and data admins read the accounts of their division and below. Nobody changes their own account's
/// rights — that is the self-grant check, done by the caller who knows the actor's id.
/// </summary>
public static class StaffPermissions
{
    /// <summary>What a department admin may hand out inside its own department. Never department_admin,
    /// platform_admin or a region role: those come from a platform admin.</summary>
    public static readonly IReadOnlySet<string> GrantableByDepartmentAdmin = new HashSet<string>(StringComparer.Ordinal) { WindowOfficer, Reviewer, CatalogEditor };

    /// <summary>Roles that open the staff directory at all (what each sees is narrowed by scope).</summary>
    public static readonly IReadOnlyList<string> DirectoryRoles = [PlatformAdmin, DepartmentAdmin, Supervisor, DataAdmin];

    /// <summary>Read an account of this department anchored at this division.</summary>
    public static bool MayView(StaffScope actor, long departmentId, string regionCode) =>
        actor.Reaches(DepartmentAdmin, departmentId, regionCode)
        || actor.Reaches(Supervisor, departmentId, regionCode)
        || actor.Reaches(DataAdmin, departmentId, regionCode);

    /// <summary>List a whole department (a filter on the directory): its division must lie inside the reader's.</summary>
    public static bool MayViewDepartment(StaffScope actor, long departmentId, string departmentRegion) => MayView(actor, departmentId, departmentRegion);

    /// <summary>List a whole division (a filter on the directory): only region readers (and platform admins) reach one.</summary>
    public static bool MayViewRegion(StaffScope actor, string regionCode) =>
        actor.Has(PlatformAdmin)
        || (actor.RegionCode != null && (actor.Has(Supervisor) || actor.Has(DataAdmin)) && RegionCodes.Contains(actor.RegionCode, regionCode));

    /// <summary>Create accounts in this department.</summary>
    public static bool MayCreateIn(StaffScope actor, long departmentId, string departmentRegion) =>
        actor.Has(PlatformAdmin) || actor.Reaches(DepartmentAdmin, departmentId, departmentRegion);

    /// <summary>Disable, enable, reset the password of, and change the roles of this account.</summary>
    public static bool MayManage(StaffScope actor, long departmentId, string regionCode, IEnumerable<string> heldRoles) =>
        actor.Has(PlatformAdmin)
        || (actor.Reaches(DepartmentAdmin, departmentId, regionCode) && heldRoles.All(GrantableByDepartmentAdmin.Contains));

    /// <summary>Grant (or revoke) this role on an account of this department.</summary>
    public static bool MayGrant(StaffScope actor, string role, long departmentId, string regionCode) =>
        IsKnown(role)
        && (actor.Has(PlatformAdmin) || (GrantableByDepartmentAdmin.Contains(role) && actor.Reaches(DepartmentAdmin, departmentId, regionCode)));

    /// <summary>The roles this actor could grant to someone in this department, in <see cref="StaffRoles.All"/> order.</summary>
    public static IReadOnlyList<string> GrantableRoles(StaffScope actor, long departmentId, string regionCode) =>
        All.Where(role => MayGrant(actor, role, departmentId, regionCode)).ToList();
}

/// <summary>The staff directory narrowed to what an actor reaches, in a form the database can filter on.</summary>
public sealed record StaffVisibility(bool Everything, long? DepartmentId, string? RegionPrefix)
{
    public bool Nothing => !Everything && DepartmentId == null && RegionPrefix == null;

    public static StaffVisibility Of(StaffScope actor) => actor.Has(PlatformAdmin)
        ? new StaffVisibility(true, null, null)
        : new StaffVisibility(
            false,
            actor.Has(DepartmentAdmin) ? actor.DepartmentId : null,
            (actor.Has(Supervisor) || actor.Has(DataAdmin)) && actor.RegionCode is { Length: 6 } region ? RegionCodes.Prefix(region) : null);
}
