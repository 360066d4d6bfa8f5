namespace OneWindow.Catalog.Domain;

/// <summary>
/// An implementation-list item (实施清单事项): one basic item as one agency in one region implements it.
/// Its content lives in numbered <see cref="ItemVersion"/>s; this row says which version the public sees and
/// whether the item is currently offered.
/// </summary>
public sealed class ServiceItem
{
    public long Id { get; set; }

    public long BasicItemId { get; set; }

    /// <summary>实施编码: agency credit code (18) + exercise level (1) + base code.</summary>
    public string ImplementationCode { get; set; } = "";

    public long DepartmentId { get; set; }

    public string RegionCode { get; set; } = "";

    public PublicationState Publication { get; set; } = PublicationState.NotPublished;

    /// <summary>The version the portal shows; null until first published.</summary>
    public int? PublishedVersion { get; set; }

    /// <summary>The newest version number (the one being edited or reviewed when it is not the published one).</summary>
    public int LatestVersion { get; set; }

    /// <summary>Why the item is suspended or withdrawn (暂停/取消原因), shown on the portal.</summary>
    public string? PublicationReason { get; set; }

    /// <summary>Guide views and applications; drives "popular services" and search ranking.</summary>
    public long Popularity { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two editors saving the same item do not overwrite each other silently.</summary>
    public int Revision { get; set; }

    public static string BuildImplementationCode(string creditCode, int exerciseLevel, string baseCode) =>
        creditCode + exerciseLevel.ToString(System.Globalization.CultureInfo.InvariantCulture) + baseCode;
}

public enum PublicationState
{
    /// <summary>Never published yet.</summary>
    NotPublished = 0,

    /// <summary>Offered on the portal.</summary>
    Published = 1,

    /// <summary>暂停: the guide stays visible with the reason; applications are not taken.</summary>
    Suspended = 2,

    /// <summary>取消/下线: removed from the portal; old versions stay for past cases.</summary>
    Unpublished = 3,
}
