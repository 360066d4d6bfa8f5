using System.Text.Json;
using Microsoft.EntityFrameworkCore;

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
        if (context.Database.CurrentTransaction == null)
        {
            throw new InvalidOperationException("Outbox events must be appended inside the transaction of the change they announce.");
        }

        var payload = Serialize(outboxEvent.Payload);
        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException("Event payload too long.", nameof(outboxEvent));
        }

        var postgres = context.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        object when = postgres ? occurredAt.ToUniversalTime() : occurredAt.UtcTicks;
        object eventId = postgres ? outboxEvent.EventId : outboxEvent.EventId.ToString("D");
        // An explicit parameter for the department: EF cannot map a bare DBNull (a platform-wide event has none).
        await using var factory = context.Database.GetDbConnection().CreateCommand();
        var department = factory.CreateParameter();
        department.ParameterName = "@department";
        department.DbType = System.Data.DbType.Int64;
        department.Value = outboxEvent.DepartmentId is { } id ? id : DBNull.Value;
        await context.Database.ExecuteSqlRawAsync(
            "INSERT INTO integration_outbox (event_id, type, department_id, subject, payload_json, occurred_at, attempts) " +
            "VALUES ({0}, {1}, {5}, {2}, {3}, {4}, 0)",
            [eventId, outboxEvent.Type, outboxEvent.Subject, payload, when, department],
            ct);
    }
}
