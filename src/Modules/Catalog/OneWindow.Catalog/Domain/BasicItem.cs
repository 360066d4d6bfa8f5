namespace OneWindow.Catalog.Domain;

/// <summary>
/// An item of the basic catalogue (目录清单), shared by every region and level: the same item has the same
/// name, type, legal basis and base code wherever it is implemented. Implementation lists refine it per agency.
/// </summary>
public sealed class BasicItem
{
    public long Id { get; set; }

    /// <summary>基本编码.</summary>
    public string BaseCode { get; set; } = "";

    public string Name { get; set; } = "";

    public string ItemType { get; set; } = "";

    /// <summary>设定依据 as JSON (list of law + article + text), identical in every implementation.</summary>
    public string LegalBasisJson { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }
}
