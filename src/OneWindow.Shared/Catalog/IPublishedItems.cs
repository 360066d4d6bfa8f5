namespace OneWindow.Shared.Catalog;

/// <summary>What other modules need to know about a published catalogue item (实施清单事项): its name, where it is
/// handled, and whether its guide asks for an appointment (预约办理).</summary>
public sealed record PublishedItemInfo(long Id, string Name, long DepartmentId, string RegionCode, bool Appointment, bool Suspended);

/// <summary>A narrow read port on the catalogue for modules that do not own it (the halls module checks that an
/// item may be booked). The catalogue implements it; it answers null for unknown, unpublished or withdrawn items.</summary>
public interface IPublishedItems
{
    Task<PublishedItemInfo?> PublishedItemAsync(long id, CancellationToken ct);

    /// <summary>The most viewed published items, most popular first (the portal's 热门服务).</summary>
    Task<IReadOnlyList<(string Name, long Id)>> PopularAsync(int count, CancellationToken ct);
}
