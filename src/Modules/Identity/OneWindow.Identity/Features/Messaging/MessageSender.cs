using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;

namespace OneWindow.Identity.Features.Messaging;

/// <summary>A text to one person: a one-time code, a notice. Channel "sms" (Destination a phone number) or "email"
/// (an address). Destination is needed to send; it is never logged or stored (only <see cref="DestinationMasked"/>).</summary>
public sealed record MessageToSend(string Channel, string Recipient, string Destination, string DestinationMasked, string Body);

/// <summary>
/// Sends SMS or e-mail through the senders named by <c>Identity:Messaging:Sender</c> (<see cref="MessageSenders"/>):
/// <c>http-sms</c> (a gateway's HTTP API), <c>smtp</c> (a mail relay), <c>discard</c> (load tests), and in Development
/// only <c>dev-outbox</c> (the /dev/outbox page).
/// </summary>
public interface IMessageSender
{
    /// <summary>False when nothing can be sent: callers tell the user the service cannot send right now.</summary>
    bool CanSend { get; }

    /// <summary>Whether messages of this channel ("sms", "email") can be sent.</summary>
    bool Sends(string channel) => CanSend;

    /// <summary>Sends, or throws <see cref="MessageNotSentException"/> when the gateway refused or did not answer.</summary>
    Task SendAsync(MessageToSend message, CancellationToken ct);
}

/// <summary>The gateway refused the message or did not answer (already logged, without the destination or text).</summary>
public sealed class MessageNotSentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Development only: writes each message to identity_outgoing_messages, shown on /dev/outbox. Refuses to
/// exist in any other environment: codes shown on a page would let anyone take over any account.</summary>
public sealed class DevelopmentOutboxSender : IMessageSender
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;

    public DevelopmentOutboxSender(IServiceScopeFactory scopes, TimeProvider clock, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Identity:Messaging:Sender '{MessageSenders.DevOutbox}' is for Development only (this environment is {environment.EnvironmentName}): configure 'smtp', 'http-sms' or 'discard'.");
        }

        this.scopes = scopes;
        this.clock = clock;
    }

    public bool CanSend => true;

    public async Task SendAsync(MessageToSend message, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        db.OutgoingMessages.Add(new OutgoingMessage
        {
            Channel = message.Channel,
            Recipient = message.Recipient,
            DestinationMasked = message.DestinationMasked,
            Body = message.Body,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }
}
