using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Startup;

namespace OneWindow.Audit.Features.Sealing;

/// <summary>Runs the sealer about once a second on every node; the database lock makes sure only one seals at a time.</summary>
public sealed class AuditSealerService(IServiceProvider services, StartupGate gate, TimeProvider clock, ILogger<AuditSealerService> logger)
    : PeriodicWorker(services, gate, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    /// <summary>The platform clock: a test's fake clock drives the sealer's ticks.</summary>
    protected override TimeProvider TimerClock => clock;

    // A busy database or a lost connection: the next tick tries again; nothing is lost, only delayed.
    protected override string FailureMessage => "Audit sealing failed; retrying";

    protected override Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct) =>
        scoped.GetRequiredService<AuditSealer>().SealPendingAsync(ct);
}
