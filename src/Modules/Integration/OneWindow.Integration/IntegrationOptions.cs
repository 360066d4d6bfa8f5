using Microsoft.Extensions.Configuration;

namespace OneWindow.Integration;

/// <summary>Settings of the webhook dispatcher (configuration section Integration:Dispatcher).</summary>
public sealed class DispatcherOptions
{
    public const string Section = "Integration:Dispatcher";

    /// <summary>Run the dispatch loop on this node (every node may; claims keep them apart).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pause between passes when there is nothing left to do.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>Attempts per delivery before it is marked dead.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Outbox rows fanned out, and deliveries claimed, per batch.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Per-request timeout of a webhook POST.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Allow http:// URLs on loopback (127.0.0.1, localhost) for local receivers; https is required
    /// otherwise. Set by the host in Development and Testing only.</summary>
    public bool AllowLoopbackHttp { get; set; }

    public static DispatcherOptions Load(IConfiguration configuration, bool allowLoopbackHttp)
    {
        var options = configuration.GetSection(Section).Get<DispatcherOptions>() ?? new DispatcherOptions();
        options.AllowLoopbackHttp = allowLoopbackHttp;
        if (options.PollMilliseconds is < 10 or > 600_000 || options.MaxAttempts is < 1 or > 30 || options.BatchSize is < 1 or > 1000
            || options.TimeoutSeconds is < 1 or > 120)
        {
            throw new InvalidOperationException(
                "Integration:Dispatcher settings out of range: PollMilliseconds 10-600000, MaxAttempts 1-30, BatchSize 1-1000, TimeoutSeconds 1-120.");
        }

        return options;
    }
}
