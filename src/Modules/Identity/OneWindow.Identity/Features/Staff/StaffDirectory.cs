using OneWindow.Shared.Identity;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Staff;

/// <summary>The staff directory offered to other modules (see <see cref="IStaffDirectory"/>), through the same
/// visibility checks as <see cref="StaffQueries"/>.</summary>
public sealed class StaffDirectory(StaffQueries queries) : IStaffDirectory
{
    public async Task<IReadOnlyList<StaffMemberInfo>> ActiveInDepartmentAsync(PlatformPrincipal reader, long departmentId, CancellationToken ct)
    {
        if (StaffActor.From(reader) is not { } actor)
        {
            return [];
        }

        var list = await queries.ListAsync(new StaffListFilter(departmentId, null, null, StaffQueries.MaxPageSize), actor, ct);
        return list.Succeeded
            ? list.Value!.Rows.Where(s => !s.Disabled).Select(s => new StaffMemberInfo(s.Id, s.UserName, s.DisplayName, s.DepartmentId, s.RegionCode, s.Roles)).ToList()
            : [];
    }
}
