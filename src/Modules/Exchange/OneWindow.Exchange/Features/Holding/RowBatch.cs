namespace OneWindow.Exchange.Features.Holding;

/// <summary>A provider's batch of changes to a held table resource (PUT /api/v1/exchange/{code}/rows): rows to insert or
/// replace by key, and keys to delete. Values are strings (as the catalogue's item types describe them).</summary>
public sealed record RowBatch(List<RowChange>? Rows, List<string>? Deletes);

public sealed record RowChange(string? Key, Dictionary<string, string?>? Data);

/// <summary>What the batch changed; <paramref name="Sequence"/> is the resource's change counter after it.</summary>
public sealed record RowBatchResult(int Upserted, int Deleted, int Unchanged, long Sequence, int EventsEmitted);
