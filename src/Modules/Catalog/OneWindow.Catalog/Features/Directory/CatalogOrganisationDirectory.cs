using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Shared.Organisation;

namespace OneWindow.Catalog.Features.Directory;

/// <summary>The catalogue's departments and divisions, offered to other modules (see <see cref="IOrganisationDirectory"/>).</summary>
public sealed class CatalogOrganisationDirectory(CatalogDbContext db) : IOrganisationDirectory
{
    public Task<OrgDepartment?> DepartmentAsync(long id, CancellationToken ct) =>
        db.Departments.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new OrgDepartment(d.Id, d.Key, d.Name, d.NameEn, d.RegionCode)).FirstOrDefaultAsync(ct);

    public Task<OrgDepartment?> DepartmentByKeyAsync(string key, CancellationToken ct) =>
        db.Departments.AsNoTracking().Where(d => d.Key == key)
            .Select(d => new OrgDepartment(d.Id, d.Key, d.Name, d.NameEn, d.RegionCode)).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<OrgDepartment>> DepartmentsAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id)
            .Select(d => new OrgDepartment(d.Id, d.Key, d.Name, d.NameEn, d.RegionCode)).ToListAsync(ct);

    public Task<bool> IsCurrentRegionAsync(string code, CancellationToken ct) =>
        db.Regions.AnyAsync(r => r.Code == code && !r.Withdrawn, ct);

    public async Task<IReadOnlyDictionary<string, string>> RegionNamesAsync(IReadOnlyCollection<string> codes, CancellationToken ct) =>
        await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
}
