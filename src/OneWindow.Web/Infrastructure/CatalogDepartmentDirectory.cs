using OneWindow.Catalog.Features.Browse;
using OneWindow.Oidc.Clients;

namespace OneWindow.Web.Infrastructure;

/// <summary>Gives the OIDC module the catalogue's department ids through the catalogue's public reader.</summary>
public sealed class CatalogDepartmentDirectory(CatalogReader reader) : IDepartmentDirectory
{
    public async Task<long?> FindIdAsync(string departmentKey, CancellationToken ct) =>
        (await reader.DepartmentsAsync(ct)).FirstOrDefault(d => d.Key == departmentKey)?.Id;
}
