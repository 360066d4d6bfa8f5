namespace OneWindow.Identity.Domain;

/// <summary>
/// A message the development sender kept instead of sending (no SMS or mail gateway is reachable in development).
/// Shown on /dev/outbox; never written when a real sender is configured. The destination is kept masked only.
/// </summary>
public sealed class OutgoingMessage
{
    public long Id { get; set; }

    /// <summary>sms | email.</summary>
    public required string Channel { get; set; }

    /// <summary>The account it was for, e.g. "citizen:12".</summary>
    public required string Recipient { get; set; }

    public required string DestinationMasked { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
