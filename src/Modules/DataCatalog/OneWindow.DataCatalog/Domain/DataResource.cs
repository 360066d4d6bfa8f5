namespace OneWindow.DataCatalog.Domain;

/// <summary>
/// A data resource (政务信息资源) of a provider department: the identity that lives across versions. Its code
/// (分类码/顺序码, e.g. 101001/000001) is allocated on first submission and kept for life; before that the resource
/// is addressed by its id. <see cref="PublishedVersion"/> is what the exchange and readers see; the latest version may
/// be a newer draft under review.
/// </summary>
public sealed class DataResource
{
    public long Id { get; set; }

    /// <summary>Null until first submitted.</summary>
    public string? Code { get; set; }

    /// <summary>类(1) 项(2) 目(3) 细目(0-6) digits, fixed once the code is allocated.</summary>
    public string Classification { get; set; } = "";

    public long ProviderDepartmentId { get; set; }

    /// <summary>The provider department's GB/T 2260 division, for reviewers' reach.</summary>
    public string ProviderRegion { get; set; } = "";

    /// <summary>The latest version's name (lists of drafts).</summary>
    public string Name { get; set; } = "";

    public int LatestVersion { get; set; }

    /// <summary>The latest version's state (<see cref="VersionStates"/>): the review queue reads it by index.</summary>
    public string LatestState { get; set; } = VersionStates.Draft;

    public int? PublishedVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One version of a resource's metadata (the catalogue's core metadata as a JSON document) and its review.</summary>
public sealed class ResourceVersion
{
    public long Id { get; set; }

    public long ResourceId { get; set; }

    public int VersionNo { get; set; }

    public string State { get; set; } = VersionStates.Draft;

    /// <summary><see cref="ResourceMetadata"/> as JSON.</summary>
    public string Document { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? SubmittedAt { get; set; }

    public string? SubmittedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewedBy { get; set; }

    public string? ReturnReason { get; set; }

    /// <summary>发布日期, China date, set on publication.</summary>
    public DateOnly? PublishedOn { get; set; }
}

/// <summary>The next sequence number (顺序码) per classification code.</summary>
public sealed class CodeSequence
{
    public string Classification { get; set; } = "";

    public int LastNo { get; set; }
}

/// <summary>The search row of a published resource: what lists show and a token column (characters, pinyin,
/// initials, words and filter tokens d: provider, c: sharing class, o: open class). GIN on PostgreSQL, FTS5 on SQLite.</summary>
public sealed class SearchRow
{
    public long ResourceId { get; set; }

    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string Summary { get; set; } = "";

    public long ProviderDepartmentId { get; set; }

    public string ProviderName { get; set; } = "";

    public string SharingClass { get; set; } = "";

    public string OpenClass { get; set; } = "";

    public int VersionNo { get; set; }

    public DateOnly PublishedOn { get; set; }

    public string[] Tokens { get; set; } = [];
}

public static class VersionStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Published = "published";
    public const string Returned = "returned";
    public const string Superseded = "superseded";

    public static (string Zh, string En) Title(string state) => state switch
    {
        Draft => ("草稿", "Draft"),
        Submitted => ("待审核", "Submitted"),
        Published => ("已发布", "Published"),
        Returned => ("已退回", "Returned"),
        Superseded => ("已被替代", "Superseded"),
        _ => (state, state),
    };
}
