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

    public Task<IReadOnlyList<(string Name, long Id)>> PopularAsync(int count, CancellationToken ct) => reader.PopularAsync(count, ct);
}
