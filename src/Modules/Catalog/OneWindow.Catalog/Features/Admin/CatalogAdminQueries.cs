using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Editing;

namespace OneWindow.Catalog.Features.Admin;

/// <summary>Back-office list filter. Status is either a version state (draft … returned: the latest version) or a
/// publication state (published, suspended, unpublished: what the portal shows).</summary>
public sealed record AdminListFilter(string? Status, long? DepartmentId, string? Text, long? After, int PageSize = 50);

public sealed record AdminItemRow(
    long Id, string Name, string ImplementationCode, long DepartmentId, string DepartmentName, string DepartmentNameEn,
    int LatestVersion, VersionState LatestState, PublicationState Publication, int? PublishedVersion, DateTimeOffset UpdatedAt);

public sealed record AdminItemPage(IReadOnlyList<AdminItemRow> Rows, long? NextAfter);

public sealed record AdminItemHeader(
    long Id, string ImplementationCode, long DepartmentId, string DepartmentKey, string DepartmentName, string DepartmentRegionCode, string RegionCode, string RegionName,
    int LatestVersion, VersionState LatestState, string LatestName, PublicationState Publication, int? PublishedVersion,
    string? PublicationReason, int Revision, DateTimeOffset UpdatedAt);

public sealed record AdminEvent(long Id, int VersionNo, string Action, string Actor, string? Comment, DateTimeOffset At);

public sealed record AdminItemDetail(AdminItemHeader Header, IReadOnlyList<VersionSummary> Versions, IReadOnlyList<AdminEvent> Events);

public sealed record EditableItem(AdminItemHeader Header, ItemGuide Guide);

/// <summary>Read side of the back office: projected records, no tracking, one round trip per list. Scoping to what
/// the actor reaches (<see cref="CatalogVisibility"/>) happens in the query, so an editor never even loads another
/// department's rows and a district reviewer never sees another district's.</summary>
public sealed class CatalogAdminQueries(CatalogDbContext db)
{
    public const int MaxPageSize = 100;

    public static readonly IReadOnlyList<string> Statuses = ["draft", "submitted", "approved", "returned", "published", "suspended", "unpublished"];

    /// <summary>Editors see their own department, reviewers the departments of their division and below, platform
    /// admins everything.</summary>
    public static bool MayView(CatalogActor actor, AdminItemHeader header) => actor.MayView(header.DepartmentId, header.DepartmentRegionCode);

    /// <summary>Keeps the departments the actor reaches; written so both providers turn it into SQL.</summary>
    public static IQueryable<Department> Visible(IQueryable<Department> departments, CatalogVisibility visibility)
    {
        if (visibility.Everything)
        {
            return departments;
        }

        var own = visibility.DepartmentId ?? -1;
        var prefix = visibility.RegionPrefix;
        return prefix == null
            ? departments.Where(d => d.Id == own)
            : departments.Where(d => d.Id == own || d.RegionCode.StartsWith(prefix));
    }

    public async Task<AdminItemPage> ListAsync(AdminListFilter filter, CatalogActor actor, CancellationToken ct = default)
    {
        // Written as one composed query so every filter is pushed into SQL.
        var q = from item in db.ServiceItems.AsNoTracking()
                join version in db.ItemVersions on new { ItemId = item.Id, No = item.LatestVersion } equals new { ItemId = version.ServiceItemId, No = version.VersionNo }
                join department in Visible(db.Departments, CatalogVisibility.Of(actor)) on item.DepartmentId equals department.Id
                select new { item, version, department };

        if (filter.DepartmentId is { } departmentId)
        {
            q = q.Where(r => r.item.DepartmentId == departmentId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            q = q.Where(r => r.version.Name.Contains(text) || r.item.ImplementationCode.Contains(text));
        }

        q = filter.Status switch
        {
            "draft" => q.Where(r => r.version.State == VersionState.Draft),
            "submitted" => q.Where(r => r.version.State == VersionState.Submitted),
            "approved" => q.Where(r => r.version.State == VersionState.Approved),
            "returned" => q.Where(r => r.version.State == VersionState.Returned),
            "published" => q.Where(r => r.item.Publication == PublicationState.Published),
            "suspended" => q.Where(r => r.item.Publication == PublicationState.Suspended),
            "unpublished" => q.Where(r => r.item.Publication == PublicationState.Unpublished),
            _ => q,
        };
        if (filter.After is { } after)
        {
            q = q.Where(r => r.item.Id < after);
        }

        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = await q.OrderByDescending(r => r.item.Id).Take(size + 1)
            .Select(r => new AdminItemRow(r.item.Id, r.version.Name, r.item.ImplementationCode, r.department.Id, r.department.Name, r.department.NameEn,
                r.item.LatestVersion, r.version.State, r.item.Publication, r.item.PublishedVersion, r.item.UpdatedAt))
            .ToListAsync(ct);
        return page.Count > size ? new AdminItemPage(page[..size], page[size - 1].Id) : new AdminItemPage(page, null);
    }

    public async Task<AdminItemHeader?> HeaderAsync(long id, CancellationToken ct = default) =>
        await (from item in db.ServiceItems.AsNoTracking()
               where item.Id == id
               join version in db.ItemVersions on new { ItemId = item.Id, No = item.LatestVersion } equals new { ItemId = version.ServiceItemId, No = version.VersionNo }
               join department in db.Departments on item.DepartmentId equals department.Id
               join region in db.Regions on item.RegionCode equals region.Code into regions
               from region in regions.DefaultIfEmpty()
               select new AdminItemHeader(item.Id, item.ImplementationCode, department.Id, department.Key, department.Name, department.RegionCode, item.RegionCode,
                   region == null ? item.RegionCode : region.Name, item.LatestVersion, version.State, version.Name, item.Publication,
                   item.PublishedVersion, item.PublicationReason, item.Revision, item.UpdatedAt))
            .FirstOrDefaultAsync(ct);

    public async Task<AdminItemDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var header = await HeaderAsync(id, ct);
        if (header == null)
        {
            return null;
        }

        var versions = await db.ItemVersions.AsNoTracking().Where(v => v.ServiceItemId == id).OrderByDescending(v => v.VersionNo)
            .Select(v => new VersionSummary(v.VersionNo, v.State, v.Name, v.ChangeNote, v.CreatedBy, v.CreatedAt, v.PublishedAt, v.ReviewedBy, v.ReviewComment))
            .ToListAsync(ct);
        var events = await db.ItemEvents.AsNoTracking().Where(e => e.ServiceItemId == id).OrderByDescending(e => e.Id).Take(200)
            .Select(e => new AdminEvent(e.Id, e.VersionNo, e.Action, e.Actor, e.Comment, e.At))
            .ToListAsync(ct);
        return new AdminItemDetail(header, versions, events);
    }

    /// <summary>The latest version's guide, which is what an editor changes (a published latest version is copied into a new draft on save).</summary>
    public async Task<EditableItem?> EditableAsync(long id, CancellationToken ct = default)
    {
        var header = await HeaderAsync(id, ct);
        if (header == null)
        {
            return null;
        }

        var json = await db.ItemVersions.AsNoTracking().Where(v => v.ServiceItemId == id && v.VersionNo == header.LatestVersion)
            .Select(v => v.GuideJson).FirstAsync(ct);
        return new EditableItem(header, ItemGuide.FromJson(json));
    }

    public async Task<IReadOnlyList<DepartmentSummary>> DepartmentsAsync(CatalogActor actor, CancellationToken ct = default)
    {
        return await Visible(db.Departments.AsNoTracking(), CatalogVisibility.Of(actor)).OrderBy(d => d.SortOrder).ThenBy(d => d.Id)
            .Select(d => new DepartmentSummary(d.Id, d.Key, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.Phone, d.Address, d.Hours, d.Description))
            .ToListAsync(ct);
    }
}
