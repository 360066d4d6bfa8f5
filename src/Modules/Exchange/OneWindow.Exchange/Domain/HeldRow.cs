namespace OneWindow.Exchange.Domain;

/// <summary>
/// One row of a "table" resource held on the platform (uploaded or synced by the provider). <see cref="RowKey"/> is
/// the provider's key of the row; <see cref="SubjectIndex"/> the blind index of the row's subject (when the resource
/// names a subject item) so a citizen's reads can be found; <see cref="RegionCode"/> serves region-scoped grants.
/// <see cref="Sequence"/> rises with every change of the resource (per resource), which orders change deliveries.
/// </summary>
public sealed class HeldRow
{
    public long Id { get; set; }

    public required string ResourceCode { get; set; }

    public required string RowKey { get; set; }

    public string? SubjectIndex { get; set; }

    public string? RegionCode { get; set; }

    /// <summary>The row's items by key, as a JSON object of strings.</summary>
    public required string DataJson { get; set; }

    public long Sequence { get; set; }

    public bool Deleted { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The change counter of a held resource: the last sequence handed out.</summary>
public sealed class ResourceSequence
{
    public required string ResourceCode { get; set; }

    public long LastSequence { get; set; }
}
