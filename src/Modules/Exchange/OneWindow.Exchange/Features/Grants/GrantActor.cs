using OneWindow.Exchange.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Features.Grants;

/// <summary>
/// Who may do what with sharing requests and grants. A department asks through its department administrator; the
/// provider's department administrator answers; the data administrators of the provider's region answer requests
/// that went past their deadline (escalated) and may revoke any grant they reach; platform administrators reach all.
/// Nobody answers a request they made themselves.
/// </summary>
public sealed record GrantActor(PlatformPrincipal Principal)
{
    public string Subject => Principal.Subject;

    public bool IsPlatformAdmin => Principal.Roles.Contains(StaffRoles.PlatformAdmin);

    /// <summary>The department a request is made for: the caller's own.</summary>
    public long? RequestingDepartment =>
        Principal.IsStaff && Principal.DepartmentId is { } department
        && (Principal.Roles.Contains(StaffRoles.DepartmentAdmin) || IsPlatformAdmin) ? department : null;

    public bool CanDecide(DataGrant grant, OrgDepartment provider) =>
        Principal.IsStaff && grant.RequestedBy != Subject
        && (Principal.Scope.Reaches(StaffRoles.DepartmentAdmin, provider.Id, provider.RegionCode)
            || (grant.EscalatedAt != null && Principal.Scope.Reaches(StaffRoles.DataAdmin, provider.Id, provider.RegionCode)));

    public bool CanRevoke(DataGrant grant, OrgDepartment provider, OrgDepartment consumer) =>
        Principal.IsStaff
        && (Principal.Scope.Reaches(StaffRoles.DepartmentAdmin, provider.Id, provider.RegionCode)
            || Principal.Scope.Reaches(StaffRoles.DataAdmin, provider.Id, provider.RegionCode)
            || Principal.Scope.Reaches(StaffRoles.DepartmentAdmin, consumer.Id, consumer.RegionCode));

    /// <summary>Staff of either department, and the data administrators and supervisors whose region reaches either.</summary>
    public bool CanRead(DataGrant grant, OrgDepartment provider, OrgDepartment consumer) =>
        Principal.IsStaff
        && (IsPlatformAdmin
            || Principal.DepartmentId == grant.ProviderDepartmentId || Principal.DepartmentId == grant.ConsumerDepartmentId
            || ReachesAsOverseer(provider) || ReachesAsOverseer(consumer));

    public bool ReachesAsOverseer(OrgDepartment department) =>
        Principal.Scope.Reaches(StaffRoles.DataAdmin, department.Id, department.RegionCode)
        || Principal.Scope.Reaches(StaffRoles.Supervisor, department.Id, department.RegionCode);
}
