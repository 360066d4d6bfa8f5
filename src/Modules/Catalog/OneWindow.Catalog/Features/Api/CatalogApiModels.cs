using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Browse;

namespace OneWindow.Catalog.Features.Api;

// API shapes are kept apart from the entities so the public contract does not move when a table does.

public sealed record DepartmentRef(string Key, string Name, string CreditCode);

public sealed record ItemListEntry(
    long Id,
    string Name,
    string ImplementationCode,
    DepartmentRef? Department,
    string RegionCode,
    string ItemType,
    int[] Targets,
    int OnlineDepth,
    int PromisedDays,
    int Visits,
    string Summary,
    bool Suspended,
    int Version);

public sealed record ItemListResponse(IReadOnlyList<ItemListEntry> Items, int Total, bool TotalIsLowerBound, string? NextCursor);

public sealed record ItemResponse(
    long Id,
    string ImplementationCode,
    int Version,
    DateTimeOffset? PublishedAt,
    string Status,
    string? StatusReason,
    DepartmentRef Department,
    string RegionCode,
    string RegionName,
    ItemGuide Guide)
{
    public static ItemResponse From(PublishedItem item) => new(
        item.Id, item.ImplementationCode, item.Version, item.PublishedAt,
        item.Publication == PublicationState.Suspended ? "suspended" : "published", item.PublicationReason,
        new DepartmentRef(item.Department.Key, item.Department.Name, item.Department.CreditCode),
        item.RegionCode, item.RegionName, item.Guide);
}

public sealed record VersionEntry(int Version, string State, string Name, string? ChangeNote, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt)
{
    public static VersionEntry From(VersionSummary v) => new(v.VersionNo, v.State.ToString().ToLowerInvariant(), v.Name, v.ChangeNote, v.CreatedAt, v.PublishedAt);
}

public sealed record VersionResponse(long ItemId, string ImplementationCode, VersionEntry Version, ItemGuide Guide);

public sealed record DiffResponse(long ItemId, int From, int To, IReadOnlyList<OneWindow.Shared.Versions.FieldChange> Changes);

public sealed record RegionResponse(string Code, string Name, int Level, string? ParentCode, string Revision, bool Withdrawn);

public sealed record CreateItemRequest(string? DepartmentKey, string? RegionCode, ItemGuide? Guide);

public sealed record SaveDraftRequest(ItemGuide? Guide, int? Revision, string? ChangeNote);

public sealed record ReviewRequest(string? Comment);

public sealed record ReasonRequest(string? Reason);

public sealed record EditResponse(long Id, int Version);
