using OneWindow.Shared.Identity;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Staff;

/// <summary><see cref="IStaffDirectory"/> over the staff list, with the asking member's own visibility.</summary>
internal sealed class StaffDirectory(StaffQueries queries) : IStaffDirectory
{
    public async Task<IReadOnlyList<StaffMember>> ActiveMembersAsync(PlatformPrincipal asking, long departmentId, CancellationToken ct)
    {
        if (StaffActor.From(asking) is not { } actor)
        {
            return [];
        }

        var list = await queries.ListAsync(new StaffListFilter(departmentId, null, null, StaffQueries.MaxPageSize), actor, ct);
        return list.Succeeded
            ? list.Value!.Rows.Where(s => !s.Disabled).Select(s => new StaffMember(s.Id, s.UserName, s.DisplayName, s.Roles)).ToList()
            : [];
    }
}
