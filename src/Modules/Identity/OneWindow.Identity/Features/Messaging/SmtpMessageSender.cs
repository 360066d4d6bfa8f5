using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace OneWindow.Identity.Features.Messaging;

/// <summary>Identity:Messaging:Smtp — the mail relay for e-mail messages.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; init; }

    public int Port { get; init; } = 587;

    /// <summary><c>starttls</c> (default, port 587), <c>tls</c> (implicit TLS, port 465) or <c>none</c> (a relay on a
    /// trusted network only).</summary>
    public string Tls { get; init; } = "starttls";

    /// <summary>Optional: without a user the relay is used unauthenticated.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>The sender address, e.g. <c>一网通办 &lt;noreply@example.gov.cn&gt;</c>.</summary>
    public string? From { get; init; }

    public int TimeoutSeconds { get; init; } = 30;

    public SecureSocketOptions SocketOptions => Tls.ToLowerInvariant() switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => throw new InvalidOperationException($"Identity:Messaging:Smtp:Tls must be starttls, tls or none (not '{Tls}')."),
    };

    /// <summary>Start-up check: every missing or malformed setting named.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new InvalidOperationException("Identity:Messaging:Sender includes 'smtp' but Identity:Messaging:Smtp:Host is not set (environment variable Identity__Messaging__Smtp__Host).");
        }

        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
        {
            throw new InvalidOperationException("Identity:Messaging:Sender includes 'smtp' but Identity:Messaging:Smtp:From is not a mail address (e.g. \"一网通办 <noreply@example.gov.cn>\").");
        }

        if (Port is < 1 or > 65535)
        {
            throw new InvalidOperationException("Identity:Messaging:Smtp:Port must be 1-65535.");
        }

        _ = SocketOptions;
    }
}

/// <summary>Sends "email" messages through an SMTP relay (MailKit): one connection per message, plain text in UTF-8.
/// A failure is logged with the account only (never the address or the text) and reported as not sent.</summary>
public sealed class SmtpMessageSender(SmtpSettings settings, ILogger<SmtpMessageSender> logger) : IMessageSender
{
    public const string Subject = "一网通办通知";

    public bool CanSend => true;

    public bool Sends(string channel) => channel == "email";

    public async Task SendAsync(MessageToSend message, CancellationToken ct)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(settings.From!));
        mail.To.Add(MailboxAddress.Parse(message.Destination));
        mail.Subject = Subject;
        mail.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, settings.SocketOptions, ct);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
            }

            await client.SendAsync(mail, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception's own text may quote the address (a refused recipient): only its type is logged.
            logger.LogWarning("Sending mail to {Recipient} through the SMTP relay failed: {Error}", message.Recipient, e.GetType().Name);
            throw new MessageNotSentException("The mail relay did not accept the message.");
        }
    }
}
