using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneWindow.Identity.Features.Messaging;

/// <summary>
/// Chooses the message senders from <c>Identity:Messaging:Sender</c>, a comma-separated list:
/// <list type="bullet">
/// <item><c>http-sms</c>: text messages to phones through an SMS gateway's HTTP API (Identity:Messaging:HttpSms:*);</item>
/// <item><c>smtp</c>: e-mail through a mail relay (Identity:Messaging:Smtp:*);</item>
/// <item><c>discard</c>: drops every message (load tests; a warning is logged at start);</item>
/// <item><c>dev-outbox</c>: Development only, alone: messages shown on /dev/outbox (the default in Development).</item>
/// </list>
/// Every other environment (Production, Staging, Testing) refuses to start without the setting, with dev-outbox, or
/// with an unknown name. Messages go to the sender of their channel (sms → http-sms, email → smtp; discard takes all).
/// </summary>
public static class MessageSenders
{
    public const string Setting = "Identity:Messaging:Sender";
    public const string DevOutbox = "dev-outbox";
    public const string Smtp = "smtp";
    public const string HttpSms = "http-sms";
    public const string Discard = "discard";

    /// <summary>The configured sender names, or an exception whose message names the setting.</summary>
    public static IReadOnlyList<string> Parse(string? value, bool development, string environmentName)
    {
        var names = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        if (names.Count == 0)
        {
            if (development)
            {
                return [DevOutbox];
            }

            throw new InvalidOperationException(
                $"{Setting} is not set. Outside Development (this environment is {environmentName}) configure how text messages and mail are sent: " +
                $"'{HttpSms}' (an SMS gateway, Identity:Messaging:HttpSms:Url and :Token), '{Smtp}' (a mail relay, Identity:Messaging:Smtp:*), both as '{HttpSms},{Smtp}', " +
                $"or '{Discard}' (drop everything, for load tests). Environment variable: Identity__Messaging__Sender. See docs/identity.md.");
        }

        if (names.FirstOrDefault(n => n is not (DevOutbox or Smtp or HttpSms or Discard)) is { } unknown)
        {
            throw new InvalidOperationException($"{Setting} names an unknown sender '{unknown}': use {HttpSms}, {Smtp} or {Discard} (and {DevOutbox} in Development only).");
        }

        if (names.Contains(DevOutbox) && !development)
        {
            throw new InvalidOperationException(
                $"{Setting} '{DevOutbox}' is for Development only (this environment is {environmentName}): one-time codes shown on a page let anyone take over any account. Configure '{HttpSms}', '{Smtp}' or '{Discard}'.");
        }

        if (names.Contains(DevOutbox) && names.Count > 1)
        {
            throw new InvalidOperationException($"{Setting} '{DevOutbox}' cannot be combined with other senders.");
        }

        return names;
    }

    public static void AddMessageSenders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var names = Parse(configuration[Setting], environment.IsDevelopment(), environment.EnvironmentName);
        if (names.SequenceEqual([DevOutbox]))
        {
            services.AddSingleton<IMessageSender, DevelopmentOutboxSender>();
            return;
        }

        var factories = new List<Func<IServiceProvider, IMessageSender>>();
        if (names.Contains(HttpSms))
        {
            var settings = configuration.GetSection("Identity:Messaging:HttpSms").Get<HttpSmsSettings>() ?? new HttpSmsSettings();
            settings.Validate();
            services.AddSingleton(settings);
            services.AddHttpClient(HttpSmsSender.ClientName);
            factories.Add(sp => new HttpSmsSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpSmsSender.ClientName), settings,
                sp.GetRequiredService<ILogger<HttpSmsSender>>()));
        }

        if (names.Contains(Smtp))
        {
            var settings = configuration.GetSection("Identity:Messaging:Smtp").Get<SmtpSettings>() ?? new SmtpSettings();
            settings.Validate();
            services.AddSingleton(settings);
            factories.Add(sp => new SmtpMessageSender(settings, sp.GetRequiredService<ILogger<SmtpMessageSender>>()));
        }

        if (names.Contains(Discard))
        {
            factories.Add(_ => new DiscardMessageSender());
            services.AddHostedService<DiscardWarning>();
        }

        services.AddSingleton<IMessageSender>(sp => new RoutingMessageSender(factories.Select(f => f(sp)).ToList()));
    }
}

/// <summary>Hands each message to the first sender of its channel; a channel nobody sends is refused.</summary>
public sealed class RoutingMessageSender(IReadOnlyList<IMessageSender> senders) : IMessageSender
{
    public bool CanSend => senders.Count > 0;

    public bool Sends(string channel) => senders.Any(s => s.Sends(channel));

    public Task SendAsync(MessageToSend message, CancellationToken ct) =>
        (senders.FirstOrDefault(s => s.Sends(message.Channel))
            ?? throw new MessageNotSentException($"No sender for '{message.Channel}' messages is configured ({MessageSenders.Setting}).")).SendAsync(message, ct);
}

/// <summary>Drops every message (Identity:Messaging:Sender <c>discard</c>): load tests only.</summary>
public sealed class DiscardMessageSender : IMessageSender
{
    public bool CanSend => true;

    public bool Sends(string channel) => true;

    public Task SendAsync(MessageToSend message, CancellationToken ct) => Task.CompletedTask;
}

internal sealed class DiscardWarning(ILogger<DiscardMessageSender> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("Identity:Messaging:Sender includes 'discard': text messages and mail, one-time codes included, are dropped. For load tests only.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
