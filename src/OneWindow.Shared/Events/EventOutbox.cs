using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Data;

namespace OneWindow.Shared.Events;

/// <summary>
/// A domain event for department business systems (webhooks). EventId is the deduplication key receivers keep;
/// DepartmentId says whose subscribers get it (null: platform-wide subscribers only). Payload must not carry more
/// personal data than the receiving department may see.
/// </summary>
public sealed record OutboxEvent(Guid EventId, string Type, long? DepartmentId, string Subject, object Payload);

/// <summary>
/// The transactional outbox (事务性发件箱): modules append events through their own DbContext inside the transaction of
/// the change, so an event exists exactly when the change committed. The integration module owns the table
/// (integration_outbox) and delivers the rows as signed webhooks afterwards (docs/integration-webhooks.md).
/// </summary>
public static class EventOutbox
{
    public const int MaxPayloadLength = 16000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(object payload) => JsonSerializer.Serialize(payload, Json);

    public static async Task AppendAsync(DbContext context, OutboxEvent outboxEvent, DateTimeOffset occurredAt, CancellationToken ct = default)
    {
        RawSql.RequireTransaction(context, "Outbox events must be appended inside the transaction of the change they announce.");
        var payload = Serialize(outboxEvent.Payload);
        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException("Event payload too long.", nameof(outboxEvent));
        }

        object eventId = RawSql.IsPostgres(context) ? outboxEvent.EventId : outboxEvent.EventId.ToString("D");
        // A typed department: PostgreSQL needs the type of a NULL (a platform-wide event has none).
        await RawSql.ExecuteWithinAsync(context,
            "INSERT INTO integration_outbox (event_id, type, department_id, subject, payload_json, occurred_at, attempts) " +
            "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, 0)",
            [eventId, outboxEvent.Type, new TypedValue(outboxEvent.DepartmentId, System.Data.DbType.Int64), outboxEvent.Subject, payload, RawSql.Time(context, occurredAt)],
            ct);
    }
}
