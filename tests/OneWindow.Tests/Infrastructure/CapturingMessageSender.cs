using System.Collections.Concurrent;
using OneWindow.Identity.Features.Messaging;

namespace OneWindow.Tests.Infrastructure;

/// <summary>The test hosts' message sender: keeps every text message and mail in memory so tests read one-time codes
/// and notices (outside Development there is no /dev/outbox). Each <see cref="OneWindowApp"/> has its own.</summary>
public sealed class CapturingMessageSender : IMessageSender
{
    private readonly ConcurrentQueue<MessageToSend> sent = new();

    public bool CanSend => true;

    public IReadOnlyList<MessageToSend> Sent => sent.ToArray();

    public Task SendAsync(MessageToSend message, CancellationToken ct)
    {
        sent.Enqueue(message);
        return Task.CompletedTask;
    }

    /// <summary>The newest message to an account ("citizen:12"), or null.</summary>
    public MessageToSend? Latest(string recipient) => Sent.LastOrDefault(m => m.Recipient == recipient);
}
