using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.Staff;

/// <summary>
/// The staff directory: keyset pages in user-name order, narrowed in SQL to what the reader reaches
/// (<see cref="StaffVisibility"/>), optionally filtered by department or division. A filter outside the reader's
/// scope is refused rather than answered with an empty page, so "not allowed" never looks like "nobody there".
/// </summary>
public sealed class StaffQueries(IdentityDbContext db, IOrganisationDirectory directory)
{
    public const int MaxPageSize = 100;

    public async Task<StaffOutcome<StaffPage>> ListAsync(StaffListFilter filter, StaffActor actor, CancellationToken ct)
    {
        var visibility = StaffVisibility.Of(actor.Scope);
        if (visibility.Nothing)
        {
            return StaffOutcome<StaffPage>.Forbidden("只有平台管理员、部门管理员、效能监察和数据管理人员可以查看工作人员");
        }

        if (filter.DepartmentId is { } departmentId)
        {
            var department = await directory.DepartmentAsync(departmentId, ct);
            if (department != null && !StaffPermissions.MayViewDepartment(actor.Scope, department.Id, department.RegionCode))
            {
                return StaffOutcome<StaffPage>.Forbidden("只能查看本部门或本地区（含下级）的工作人员");
            }
        }

        if (filter.RegionCode is { } region && !StaffPermissions.MayViewRegion(actor.Scope, region))
        {
            return StaffOutcome<StaffPage>.Forbidden("只能查看本地区（含下级）的工作人员");
        }

        var q = db.Staff.AsNoTracking();
        if (!visibility.Everything)
        {
            var own = visibility.DepartmentId ?? -1;
            var prefix = visibility.RegionPrefix;
            q = prefix == null ? q.Where(s => s.DepartmentId == own) : q.Where(s => s.DepartmentId == own || s.RegionCode.StartsWith(prefix));
        }

        if (filter.DepartmentId is { } byDepartment)
        {
            q = q.Where(s => s.DepartmentId == byDepartment);
        }

        if (filter.RegionCode is { } byRegion)
        {
            var prefix = RegionCodes.Prefix(byRegion);
            q = q.Where(s => s.RegionCode.StartsWith(prefix));
        }

        if (filter.After is { } after)
        {
            q = q.Where(s => string.Compare(s.UserName, after) > 0);
        }

        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var rows = await q.Include(s => s.Roles).OrderBy(s => s.UserName).Take(size + 1).AsSplitQuery().ToListAsync(ct);
        var views = rows.Take(size).Select(StaffView.From).ToList();
        return StaffOutcome<StaffPage>.Ok(new StaffPage(views, rows.Count > size ? StaffCursor.Encode(views[^1].UserName) : null));
    }

    /// <summary>One account, if the reader reaches it (platform admins, its department admin, region readers above it).</summary>
    public async Task<StaffOutcome<StaffView>> GetAsync(long id, StaffActor actor, CancellationToken ct)
    {
        var staff = await db.Staff.AsNoTracking().Include(s => s.Roles).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff == null)
        {
            return StaffOutcome<StaffView>.NotFound();
        }

        return actor.IsSelf(id) || StaffPermissions.MayView(actor.Scope, staff.DepartmentId, staff.RegionCode)
            ? StaffOutcome<StaffView>.Ok(StaffView.From(staff))
            : StaffOutcome<StaffView>.Forbidden("只能查看本部门或本地区（含下级）的工作人员");
    }
}
