using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;

namespace OneWindow.Catalog.Features.Browse;

public sealed record DepartmentSummary(long Id, string Key, string Name, string NameEn, string CreditCode, string RegionCode, string Phone, string Address, string Hours, string Description);

public sealed record PublishedItem(
    long Id,
    string ImplementationCode,
    int Version,
    DateTimeOffset? PublishedAt,
    PublicationState Publication,
    string? PublicationReason,
    DepartmentSummary Department,
    string RegionCode,
    string RegionName,
    ItemGuide Guide);

public sealed record VersionSummary(int VersionNo, VersionState State, string Name, string? ChangeNote, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, string? ReviewedBy, string? ReviewComment);

public sealed record ItemVersionDetail(long ItemId, string ImplementationCode, VersionSummary Version, ItemGuide Guide);

/// <summary>Read-side queries of the catalogue: no tracking, projected to records, one round trip each.</summary>
public sealed class CatalogReader(CatalogDbContext db)
{
    public async Task<IReadOnlyList<DepartmentSummary>> DepartmentsAsync(CancellationToken ct = default) =>
        await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id)
            .Select(d => new DepartmentSummary(d.Id, d.Key, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.Phone, d.Address, d.Hours, d.Description))
            .ToListAsync(ct);

    public Task<DepartmentSummary?> DepartmentAsync(string key, CancellationToken ct = default) =>
        db.Departments.AsNoTracking().Where(d => d.Key == key)
            .Select(d => new DepartmentSummary(d.Id, d.Key, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.Phone, d.Address, d.Hours, d.Description))
            .FirstOrDefaultAsync(ct);

    /// <summary>The version the public sees, or null when the item is unknown, never published or withdrawn.</summary>
    public async Task<PublishedItem?> PublishedAsync(long id, CancellationToken ct = default)
    {
        var row = await (
            from item in db.ServiceItems.AsNoTracking()
            where item.Id == id && item.PublishedVersion != null && item.Publication != PublicationState.Unpublished
            join version in db.ItemVersions on new { ItemId = item.Id, No = item.PublishedVersion!.Value } equals new { ItemId = version.ServiceItemId, No = version.VersionNo }
            join department in db.Departments on item.DepartmentId equals department.Id
            join region in db.Regions on item.RegionCode equals region.Code into regions
            from region in regions.DefaultIfEmpty()
            select new { item, version.GuideJson, version.PublishedAt, department, RegionName = region == null ? item.RegionCode : region.Name })
            .FirstOrDefaultAsync(ct);
        if (row == null)
        {
            return null;
        }

        var d = row.department;
        return new PublishedItem(row.item.Id, row.item.ImplementationCode, row.item.PublishedVersion!.Value, row.PublishedAt, row.item.Publication, row.item.PublicationReason,
            new DepartmentSummary(d.Id, d.Key, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.Phone, d.Address, d.Hours, d.Description),
            row.item.RegionCode, row.RegionName, ItemGuide.FromJson(row.GuideJson));
    }

    /// <summary>Items (published or suspended, never withdrawn) by department key and the name of their public version,
    /// in one query; used to resolve reference data that names items (life events, 一件事).</summary>
    public async Task<IReadOnlyList<(string DepartmentKey, string Name, long Id)>> PublishedIdsByNameAsync(IReadOnlyCollection<string> names, CancellationToken ct = default) =>
        (await (from item in db.ServiceItems.AsNoTracking()
                where item.PublishedVersion != null && item.Publication != PublicationState.Unpublished
                join version in db.ItemVersions on new { ItemId = item.Id, No = item.PublishedVersion!.Value } equals new { ItemId = version.ServiceItemId, No = version.VersionNo }
                join department in db.Departments on item.DepartmentId equals department.Id
                where names.Contains(version.Name)
                orderby item.Id
                select new { department.Key, version.Name, item.Id }).ToListAsync(ct)).Select(x => (x.Key, x.Name, x.Id)).ToList();

    public async Task<long?> IdByImplementationCodeAsync(string code, CancellationToken ct = default) =>
        await db.ServiceItems.AsNoTracking().Where(i => i.ImplementationCode == code).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<VersionSummary>> VersionsAsync(long itemId, bool publishedOnly, CancellationToken ct = default) =>
        await db.ItemVersions.AsNoTracking()
            .Where(v => v.ServiceItemId == itemId && (!publishedOnly || v.State == VersionState.Published || v.State == VersionState.Superseded))
            .OrderByDescending(v => v.VersionNo)
            .Select(v => new VersionSummary(v.VersionNo, v.State, v.Name, v.ChangeNote, v.CreatedBy, v.CreatedAt, v.PublishedAt, v.ReviewedBy, v.ReviewComment))
            .ToListAsync(ct);

    public async Task<ItemVersionDetail?> VersionAsync(long itemId, int versionNo, bool publishedOnly, CancellationToken ct = default)
    {
        var row = await (
            from v in db.ItemVersions.AsNoTracking()
            join item in db.ServiceItems on v.ServiceItemId equals item.Id
            where v.ServiceItemId == itemId && v.VersionNo == versionNo
                  && (!publishedOnly || v.State == VersionState.Published || v.State == VersionState.Superseded)
            select new { v, item.ImplementationCode })
            .FirstOrDefaultAsync(ct);
        if (row == null)
        {
            return null;
        }

        var found = row.v;
        return new ItemVersionDetail(itemId, row.ImplementationCode,
            new VersionSummary(found.VersionNo, found.State, found.Name, found.ChangeNote, found.CreatedBy, found.CreatedAt, found.PublishedAt, found.ReviewedBy, found.ReviewComment),
            ItemGuide.FromJson(found.GuideJson));
    }

    /// <summary>Counts only visible, published items per topic token, for the home page's topic lists.</summary>
    public async Task<IReadOnlyList<(string Name, long Id)>> PopularAsync(int count, CancellationToken ct = default)
    {
        var rows = await db.SearchEntries.AsNoTracking().OrderByDescending(s => s.Popularity).ThenBy(s => s.ServiceItemId).Take(count)
            .Select(s => new { s.Name, s.ServiceItemId }).ToListAsync(ct);
        return rows.Select(r => (r.Name, r.ServiceItemId)).ToList();
    }

    /// <summary>Counts a guide view for popularity ranking; one UPDATE on each table, no read.</summary>
    public async Task CountViewAsync(long itemId, CancellationToken ct = default)
    {
        await db.ServiceItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(u => u.SetProperty(i => i.Popularity, i => i.Popularity + 1), ct);
        await db.SearchEntries.Where(s => s.ServiceItemId == itemId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Popularity, s => s.Popularity + 1), ct);
    }
}
