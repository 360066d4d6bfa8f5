namespace OneWindow.Catalog.Domain;

/// <summary>
/// The search row of a published item: the fields lists show, and a token column holding character unigrams and
/// bigrams, pinyin, initials and filter tokens (d: department, r: region and its ancestors, t: type, g: target,
/// s: topic, o: online depth). GIN-indexed on PostgreSQL; mirrored into an FTS5 table on SQLite.
/// </summary>
public sealed class SearchEntry
{
    public long ServiceItemId { get; set; }

    public int VersionNo { get; set; }

    public string Name { get; set; } = "";

    public string ImplementationCode { get; set; } = "";

    public long DepartmentId { get; set; }

    public string RegionCode { get; set; } = "";

    public string ItemType { get; set; } = "";

    /// <summary>Bit (1 &lt;&lt; code) per 服务对象.</summary>
    public int Targets { get; set; }

    public int OnlineDepth { get; set; }

    public int PromisedDays { get; set; }

    public int Visits { get; set; }

    public string Summary { get; set; } = "";

    public bool Suspended { get; set; }

    public long Popularity { get; set; }

    /// <summary>On PostgreSQL a text[]; on SQLite space-separated text (the FTS5 table indexes it).</summary>
    public string[] Tokens { get; set; } = [];
}
