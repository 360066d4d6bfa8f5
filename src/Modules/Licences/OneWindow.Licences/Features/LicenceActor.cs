using System.Security.Claims;
using OneWindow.Shared.Security;

namespace OneWindow.Licences.Features;

/// <summary>
/// Who acts on the licence library and what they reach. Staff reach their own department's licences (issuing
/// department); department admins and platform admins manage keys; platform admins edit agencies. A department system's
/// client-credentials token with scope <see cref="WriteScope"/> imports licences for its department; with
/// <see cref="ReadScope"/> or <see cref="WriteScope"/> it reads licences shared with its department.
/// </summary>
public sealed record LicenceActor(string Subject, long? DepartmentId, bool IsStaff, bool IsClient, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes)
{
    public const string WriteScope = "licences.write";
    public const string ReadScope = "licences.read";

    public bool PlatformAdmin => IsStaff && Roles.Contains(StaffRoles.PlatformAdmin);

    public bool DepartmentAdmin => IsStaff && Roles.Contains(StaffRoles.DepartmentAdmin);

    public static LicenceActor? From(ClaimsPrincipal user)
    {
        var principal = PlatformPrincipal.From(user);
        if (principal == null || !(principal.IsStaff || principal.IsClient))
        {
            return null;
        }

        return new LicenceActor(principal.Subject, principal.DepartmentId, principal.IsStaff, principal.IsClient, principal.Roles, principal.Scopes);
    }

    /// <summary>Staff of the issuing department with a role that handles cases or runs the department; platform admins.</summary>
    public bool ManagesLicencesOf(long departmentId) =>
        PlatformAdmin || (IsStaff && DepartmentId == departmentId && (Roles.Contains(StaffRoles.DepartmentAdmin) || Roles.Contains(StaffRoles.Reviewer)));

    /// <summary>Staff of the issuing department (any role) read its licences.</summary>
    public bool ReadsLicencesOf(long departmentId) => PlatformAdmin || (IsStaff && DepartmentId == departmentId);

    public bool RotatesKeysOf(long departmentId) => PlatformAdmin || (DepartmentAdmin && DepartmentId == departmentId);

    /// <summary>Imports go to the caller's own department: a client with licences.write, or a department admin.</summary>
    public long? ImportDepartment => IsClient ? (Scopes.Contains(WriteScope) ? DepartmentId : null) : DepartmentAdmin ? DepartmentId : null;

    /// <summary>The department whose shared licences the caller reads: a client with licences.read/write, or any staff.</summary>
    public long? SharedDepartment => IsClient ? (Scopes.Contains(ReadScope) || Scopes.Contains(WriteScope) ? DepartmentId : null) : IsStaff ? DepartmentId : null;
}
