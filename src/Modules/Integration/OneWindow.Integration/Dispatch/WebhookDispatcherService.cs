using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Startup;

namespace OneWindow.Integration.Dispatch;

/// <summary>Runs a dispatch pass every PollMilliseconds on every node where Integration:Dispatcher:Enabled is true;
/// the claims inside a pass keep nodes from sending the same delivery.</summary>
public sealed class WebhookDispatcherService(IServiceProvider services, StartupGate gate, DispatcherOptions options, ILogger<WebhookDispatcherService> logger)
    : PeriodicWorker(services, gate, logger)
{
    // Real time on purpose: the platform clock may be a test's fake one, the poll interval is not business time.
    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(options.PollMilliseconds);

    protected override bool RunsAtStart => true;

    // A busy or lost database: nothing is lost, the next pass picks the rows up again.
    protected override string FailureMessage => "Webhook dispatch pass failed; retrying";

    protected override Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct) =>
        scoped.GetRequiredService<WebhookDispatcher>().DispatchOnceAsync(ct);
}
