namespace OneWindow.Shared.Organisation;

/// <summary>A department (实施主体) as other modules see it: the catalogue owns the table, others hold its id.</summary>
public sealed record OrgDepartment(long Id, string Key, string Name, string NameEn, string RegionCode);

/// <summary>
/// The one department directory: departments and GB/T 2260 divisions for modules that do not own them. The catalogue
/// keeps both tables; identity (staff belong to a department and a division), OIDC (clients of a department), case
/// handling and the halls pages read them through this port instead of the catalogue's tables, so modules stay separate.
/// </summary>
public interface IOrganisationDirectory
{
    Task<OrgDepartment?> DepartmentAsync(long id, CancellationToken ct);

    Task<OrgDepartment?> DepartmentByKeyAsync(string key, CancellationToken ct);

    /// <summary>All departments in portal order.</summary>
    Task<IReadOnlyList<OrgDepartment>> DepartmentsAsync(CancellationToken ct);

    /// <summary>True for a current (not withdrawn) GB/T 2260 division.</summary>
    Task<bool> IsCurrentRegionAsync(string code, CancellationToken ct);

    /// <summary>The names of these GB/T 2260 division codes (withdrawn ones included); unknown codes are left out.</summary>
    Task<IReadOnlyDictionary<string, string>> RegionNamesAsync(IReadOnlyCollection<string> codes, CancellationToken ct);
}
