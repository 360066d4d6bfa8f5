namespace OneWindow.Catalog.Domain;

/// <summary>
/// One version of an item's guide. Published versions are never changed: an edit after publication starts a new
/// version, so the portal and every case keep exactly the text they used.
/// </summary>
public sealed class ItemVersion
{
    public long Id { get; set; }

    public long ServiceItemId { get; set; }

    public int VersionNo { get; set; }

    public VersionState State { get; set; } = VersionState.Draft;

    /// <summary>Denormalized from the guide for lists.</summary>
    public string Name { get; set; } = "";

    public string GuideJson { get; set; } = "{}";

    public string? ChangeNote { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewComment { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public bool IsEditable => State is VersionState.Draft or VersionState.Returned;
}

/// <summary>draft → submitted → approved (编办/法制审核) → published → superseded; a reviewer may return it instead.</summary>
public enum VersionState
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Returned = 3,
    Published = 4,
    Superseded = 5,
}
