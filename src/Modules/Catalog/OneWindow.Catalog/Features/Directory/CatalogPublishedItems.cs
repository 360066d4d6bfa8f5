using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Shared.Catalog;

namespace OneWindow.Catalog.Features.Directory;

/// <summary>The published version of an item, offered to other modules (see <see cref="IPublishedItems"/>).</summary>
public sealed class CatalogPublishedItems(CatalogReader reader) : IPublishedItems
{
    public async Task<PublishedItemInfo?> PublishedItemAsync(long id, CancellationToken ct) =>
        await reader.PublishedAsync(id, ct) is { } item
            ? new PublishedItemInfo(item.Id, item.Guide.Name, item.Department.Id, item.RegionCode, item.Guide.Appointment, item.Publication == PublicationState.Suspended)
            : null;

    public async Task<PublishedItemSnapshot?> SnapshotAsync(long id, CancellationToken ct) =>
        await reader.PublishedAsync(id, ct) is { } item
            ? new PublishedItemSnapshot(item.Id, item.ImplementationCode, item.Version, item.Guide.Name,
                item.Department.Id, item.Department.Key, item.Department.Name, item.RegionCode,
                item.Publication != PublicationState.Published, item.PublicationReason,
                item.Guide.Materials.Select(m => new PublishedMaterial(m.Name, m.Required, m.Form, m.Note)).ToList(),
                item.Guide.StatutoryDays, item.Guide.PromisedDays)
            : null;

    public async Task<IReadOnlyList<PublishedItemKey>> PublishedIdsByNameAsync(IReadOnlyCollection<string> names, CancellationToken ct) =>
        (await reader.PublishedIdsByNameAsync(names, ct)).Select(f => new PublishedItemKey(f.DepartmentKey, f.Name, f.Id)).ToList();

    public async Task<string?> ResultLicenceTypeAsync(long id, int version, CancellationToken ct) =>
        (await reader.VersionAsync(id, version, publishedOnly: false, ct))?.Guide.Result.LicenceType;

    public Task<IReadOnlyList<(string Name, long Id)>> PopularAsync(int count, CancellationToken ct) => reader.PopularAsync(count, ct);
}
