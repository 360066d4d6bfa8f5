using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;

namespace OneWindow.Identity.Features.Messaging;

/// <summary>A text to one person: a one-time code, a notice. Destination is the plain phone number or address,
/// needed to send; it is never logged or stored (only <see cref="DestinationMasked"/>).</summary>
public sealed record MessageToSend(string Channel, string Recipient, string Destination, string DestinationMasked, string Body);

/// <summary>
/// Sends SMS or e-mail. Deployments plug in their gateway (运营商短信平台, the government mail relay) by registering
/// an implementation; development keeps messages on the /dev/outbox page instead.
/// </summary>
public interface IMessageSender
{
    /// <summary>False when no gateway is configured: callers tell the user the service cannot send right now.</summary>
    bool CanSend { get; }

    Task SendAsync(MessageToSend message, CancellationToken ct);
}

/// <summary>Development and test sender: writes each message to identity_outgoing_messages, shown on /dev/outbox.</summary>
public sealed class DevelopmentOutboxSender(IServiceScopeFactory scopes, TimeProvider clock) : IMessageSender
{
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

/// <summary>Production default until a gateway is registered: sending is unavailable, and the pages say so.</summary>
public sealed class NoMessageSender : IMessageSender
{
    public bool CanSend => false;

    public Task SendAsync(MessageToSend message, CancellationToken ct) =>
        throw new InvalidOperationException("No SMS or mail gateway is configured (Identity:Messaging:Sender).");
}
