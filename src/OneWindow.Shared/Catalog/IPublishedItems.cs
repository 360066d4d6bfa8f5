namespace OneWindow.Shared.Catalog;

/// <summary>What other modules need to know about a published catalogue item (实施清单事项): its name, where it is
/// handled, and whether its guide asks for an appointment (预约办理).</summary>
public sealed record PublishedItemInfo(long Id, string Name, long DepartmentId, string RegionCode, bool Appointment, bool Suspended);

/// <summary>A material the published guide asks for (申请材料), as far as case handling uses it.</summary>
/// <param name="Form">paper | electronic | electronic_or_paper.</param>
public sealed record PublishedMaterial(string Name, bool Required, string Form, string Note);

/// <summary>
/// The public version of an item with the guide fields case handling freezes into a case: materials and time limits
/// (法定/承诺办结时限, working days). Suspended items (暂停办理) are returned with their reason; withdrawn ones are not.
/// </summary>
public sealed record PublishedItemSnapshot(
    long Id,
    string ImplementationCode,
    int Version,
    string Name,
    long DepartmentId,
    string DepartmentKey,
    string DepartmentName,
    string RegionCode,
    bool Suspended,
    string? SuspensionReason,
    IReadOnlyList<PublishedMaterial> Materials,
    int StatutoryDays,
    int PromisedDays);

/// <summary>A published (or suspended, never withdrawn) item found by its department's key and its public name.</summary>
public sealed record PublishedItemKey(string DepartmentKey, string Name, long Id);

/// <summary>A narrow read port on the catalogue for modules that do not own it (halls check that an item may be
/// booked; cases freeze the guide into an application). The catalogue implements it; it answers null for unknown,
/// unpublished or withdrawn items.</summary>
public interface IPublishedItems
{
    Task<PublishedItemInfo?> PublishedItemAsync(long id, CancellationToken ct);

    /// <summary>The public version with its materials and time limits, or null when unknown, never published or withdrawn.</summary>
    Task<PublishedItemSnapshot?> SnapshotAsync(long id, CancellationToken ct);

    /// <summary>Items by the name of their public version, in one query; used to resolve reference data that names
    /// items (life events 一件事, demo setups).</summary>
    Task<IReadOnlyList<PublishedItemKey>> PublishedIdsByNameAsync(IReadOnlyCollection<string> names, CancellationToken ct);

    /// <summary>The licence type the item's result is issued as (办理结果 → 电子证照) in the given version, published or
    /// not (a case keeps the version it started with); null when the version is unknown or names none.</summary>
    Task<string?> ResultLicenceTypeAsync(long id, int version, CancellationToken ct);

    /// <summary>The most viewed published items, most popular first (the portal's 热门服务).</summary>
    Task<IReadOnlyList<(string Name, long Id)>> PopularAsync(int count, CancellationToken ct);
}
