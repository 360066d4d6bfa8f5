using OneWindow.Shared.Security;

namespace OneWindow.Shared.Identity;

/// <summary>A staff account (工作人员) as other modules see it: enough to offer it as an assignee.</summary>
public sealed record StaffMemberInfo(long Id, string UserName, string DisplayName, long DepartmentId, string RegionCode, IReadOnlyList<string> Roles);

/// <summary>
/// Staff accounts for modules that do not own them (case handling offers a department's staff as assignees). The
/// identity module implements it with the same visibility rules as its own staff directory: a reader sees only the
/// staff their scope covers.
/// </summary>
public interface IStaffDirectory
{
    /// <summary>The enabled staff of the department that <paramref name="reader"/> may see (the first 100 by user
    /// name); empty when the reader is not staff or sees none.</summary>
    Task<IReadOnlyList<StaffMemberInfo>> ActiveInDepartmentAsync(PlatformPrincipal reader, long departmentId, CancellationToken ct);
}
