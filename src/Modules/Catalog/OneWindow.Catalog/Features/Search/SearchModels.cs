namespace OneWindow.Catalog.Features.Search;

/// <summary>A catalogue search or listing. Page/PageSize serve people (bounded depth); After serves systems
/// that read everything (keyset by id, no depth limit).</summary>
public sealed record SearchRequest
{
    public string? Q { get; init; }

    public long? DepartmentId { get; init; }

    public int? Target { get; init; }

    public string? Topic { get; init; }

    public string? ItemType { get; init; }

    public int? OnlineDepth { get; init; }

    public string? RegionCode { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    /// <summary>Set (even to 0) for keyset paging in id order; the last id of the previous page.</summary>
    public long? AfterId { get; init; }
}

public sealed record SearchHit(
    long Id,
    string Name,
    string ImplementationCode,
    long DepartmentId,
    string RegionCode,
    string ItemType,
    int Targets,
    int OnlineDepth,
    int PromisedDays,
    int Visits,
    string Summary,
    bool Suspended,
    long Popularity,
    int Version);

public sealed record SearchResult(IReadOnlyList<SearchHit> Items, int Total, bool TotalIsLowerBound, long? LastId, bool HasMore);
