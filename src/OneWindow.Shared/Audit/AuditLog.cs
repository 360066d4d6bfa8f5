using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Data;

namespace OneWindow.Shared.Audit;

/// <summary>One security-relevant event. Summary and data must not carry personal data: the log is kept for years
/// and read by administrators who have no need to see it.</summary>
public sealed record AuditRecord(
    string Actor,
    string? ActorDepartment,
    string Action,
    string TargetType,
    string TargetId,
    string Summary,
    string? DataJson = null);

/// <summary>
/// Appends audit entries through the calling module's own DbContext, so the entry commits or rolls back with the
/// change it describes. The row is written by a plain INSERT on that context's connection and current transaction:
/// modules keep their own DbContext and need no mapping of the audit table. The Audit module owns the table and
/// seals the entries afterwards (see docs/audit.md).
/// </summary>
public static class AuditLog
{
    public const int MaxSummaryLength = 500;
    public const int MaxDataLength = 4000;

    private static readonly AsyncLocal<string?> CurrentRequestId = new();

    /// <summary>The request id written with entries appended on this async flow (set by the web host per request).</summary>
    public static IDisposable BeginRequest(string requestId)
    {
        var previous = CurrentRequestId.Value;
        CurrentRequestId.Value = requestId;
        return new Restore(previous);
    }

    /// <summary>Adds the entry inside the caller's transaction. Without one the entry would commit on its own, which
    /// defeats the purpose, so that is refused.</summary>
    public static async Task AppendAsync(DbContext context, AuditRecord record, DateTimeOffset occurredAt, CancellationToken ct = default)
    {
        RawSql.RequireTransaction(context, "Audit entries must be appended inside the transaction of the change they record.");
        if (record.Summary.Length > MaxSummaryLength || record.DataJson is { Length: > MaxDataLength })
        {
            throw new ArgumentException("Audit summary or data too long.", nameof(record));
        }

        // PostgreSQL keeps microseconds; truncating here keeps what is hashed identical to what was written.
        var at = new DateTimeOffset(occurredAt.UtcTicks - occurredAt.UtcTicks % 10, TimeSpan.Zero);
        await RawSql.ExecuteWithinAsync(context,
            "INSERT INTO audit_entries (occurred_at, actor, actor_department, action, target_type, target_id, summary, data_json, request_id) " +
            "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
            [RawSql.Time(context, at), Truncate(record.Actor, 100), record.ActorDepartment, record.Action, record.TargetType, Truncate(record.TargetId, 100),
                record.Summary, record.DataJson, CurrentRequestId.Value ?? "-"],
            ct);
    }

    /// <summary>The target ids and data of every entry of one action, oldest first: for a module that chains its own
    /// records with the trail (the exchange log's sealed roots) and checks that none of them went missing.</summary>
    public static async Task<IReadOnlyList<(string TargetId, string? DataJson)>> ReadActionAsync(DbContext context, string action, CancellationToken ct = default)
    {
        await using var command = await RawSql.CommandAsync(context, "SELECT target_id, data_json FROM audit_entries WHERE action = @p0 ORDER BY seq", [action], ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string?)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return rows;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentRequestId.Value = previous;
    }
}
