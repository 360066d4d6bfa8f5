using OneWindow.Shared.Security;

namespace OneWindow.Shared.Identity;

/// <summary>A staff member as other modules see one: enough to assign work (办件分派) to them.</summary>
public sealed record StaffMember(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>Active staff of a department, as far as the asking staff member may see them (their scope decides;
/// nothing when they see none). The identity module implements it.</summary>
public interface IStaffDirectory
{
    Task<IReadOnlyList<StaffMember>> ActiveMembersAsync(PlatformPrincipal asking, long departmentId, CancellationToken ct);
}
