using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;
using OneWindow.Shared.Results;

namespace OneWindow.Identity.Features.Staff;

/// <summary>
/// The staff directory: keyset pages in user-name order, narrowed in SQL to what the reader reaches
/// (<see cref="StaffVisibility"/>), optionally filtered by department or division. A filter outside the reader's
/// scope is refused rather than answered with an empty page, so "not allowed" never looks like "nobody there".
/// </summary>
public sealed class StaffQueries(IdentityDbContext db, IOrganisationDirectory directory)
{
    public const int MaxPageSize = 100;

    public async Task<Outcome<StaffPage>> ListAsync(StaffListFilter filter, StaffActor actor, CancellationToken ct)
    {
        var visibility = StaffVisibility.Of(actor.Scope);
        if (visibility.Nothing)
        {
            return IdentityText.Fail(FailureKind.Forbidden, "identity.list_forbidden");
        }

        if (filter.DepartmentId is { } departmentId)
        {
            var department = await directory.DepartmentAsync(departmentId, ct);
            if (department != null && !StaffPermissions.MayViewDepartment(actor.Scope, department.Id, department.RegionCode))
            {
                return IdentityText.Fail(FailureKind.Forbidden, "identity.view_outside");
            }
        }

        if (filter.RegionCode is { } region && !StaffPermissions.MayViewRegion(actor.Scope, region))
        {
            return IdentityText.Fail(FailureKind.Forbidden, "identity.view_outside_region");
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
        return new StaffPage(views, rows.Count > size ? StaffCursor.Encode(views[^1].UserName) : null);
    }

    /// <summary>One account, if the reader reaches it (platform admins, its department admin, region readers above it).</summary>
    public async Task<Outcome<StaffView>> GetAsync(long id, StaffActor actor, CancellationToken ct)
    {
        var staff = await db.Staff.AsNoTracking().Include(s => s.Roles).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (staff == null)
        {
            return IdentityText.Fail(FailureKind.NotFound, "identity.staff_not_found");
        }

        return actor.IsSelf(id) || StaffPermissions.MayView(actor.Scope, staff.DepartmentId, staff.RegionCode)
            ? StaffView.From(staff)
            : IdentityText.Fail(FailureKind.Forbidden, "identity.view_outside");
    }
}
