namespace OneWindow.Exchange.Domain;

/// <summary>
/// A consumer's subscription to the changes of a held resource under one grant: each change of a row the grant covers
/// becomes one webhook event to the consumer department (through the integration module's signed, retried webhooks),
/// with the items filtered and masked by the grant and a per-subscription <see cref="LastSequence"/> number so the
/// receiver applies them in order and sees any gap.
/// </summary>
public sealed class ChangeSubscription
{
    public long Id { get; set; }

    public long GrantId { get; set; }

    public required string ResourceCode { get; set; }

    public long ConsumerDepartmentId { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The number of the last change event emitted to this subscription (1, 2, 3, … without gaps).</summary>
    public long LastSequence { get; set; }

    public bool Active { get; set; } = true;
}
