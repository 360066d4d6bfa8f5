namespace OneWindow.Integration.Domain;

/// <summary>One row of the transactional outbox (事务性发件箱), written by <c>EventOutbox.AppendAsync</c> inside the
/// transaction of the change it announces. The dispatcher fans it out to deliveries and sets DispatchedAt.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public Guid EventId { get; set; }

    public string Type { get; set; } = "";

    public long? DepartmentId { get; set; }

    public string Subject { get; set; } = "";

    public string PayloadJson { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Fan-out passes that handled the row (1 once dispatched).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }
}

/// <summary>A department system's (or the platform's) webhook endpoint. DepartmentId null: platform-wide, every
/// event; otherwise the events of that department only. EventTypes: space-separated type prefixes ("case."),
/// empty for every type.</summary>
public sealed class Subscription
{
    public long Id { get; set; }

    /// <summary>Who created it: "client:gaj-business-system" or "staff:12".</summary>
    public string Owner { get; set; } = "";

    public long? DepartmentId { get; set; }

    public string Url { get; set; } = "";

    /// <summary>The signing secret, AES-GCM encrypted (<see cref="Protection.SecretProtector"/>).</summary>
    public byte[] SecretProtected { get; set; } = [];

    public string EventTypes { get; set; } = "";

    public bool Active { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Department match (or platform-wide) and a type prefix match (or no filter).</summary>
    public bool Wants(string type, long? departmentId) =>
        Active
        && (DepartmentId == null || DepartmentId == departmentId)
        && (EventTypes.Length == 0 || EventTypeList.Any(prefix => type.StartsWith(prefix, StringComparison.Ordinal)));
}

/// <summary>One event for one subscription: retried with backoff until delivered or dead. (subscription, event) is
/// unique, so an event reaches a subscription at most once per fan-out however many nodes run.</summary>
public sealed class Delivery
{
    public long Id { get; set; }

    public long SubscriptionId { get; set; }

    public Guid EventId { get; set; }

    public long OutboxId { get; set; }

    public string Status { get; set; } = DeliveryStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The HTTP status of the last attempt (null: no answer — timeout, refused connection).</summary>
    public int? LastStatus { get; set; }

    /// <summary>Why the last attempt failed, truncated; never the payload.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A node sending this delivery holds it until then (claimed by a conditional UPDATE).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public Guid? LeaseToken { get; set; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
}
