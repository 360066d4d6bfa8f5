namespace OneWindow.Catalog.Domain;

/// <summary>One step in an item's life (created, edited, submitted, approved, returned, published, suspended …),
/// written in the same transaction as the change it records.</summary>
public sealed class ItemEvent
{
    public long Id { get; set; }

    public long ServiceItemId { get; set; }

    public int VersionNo { get; set; }

    public string Action { get; set; } = "";

    public string Actor { get; set; } = "";

    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }
}
