using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Startup;

namespace OneWindow.Exchange.Features.Grants;

/// <summary>Escalates pending requests past their deadline to the data administrators (逾期升级), every few minutes.
/// Running on several nodes at once is harmless: the update is by row and re-checks the state.</summary>
internal sealed class EscalationService(IServiceProvider services, StartupGate gate, ILogger<EscalationService> logger)
    : PeriodicWorker(services, gate, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override bool RunsAtStart => true;

    protected override string FailureMessage => "Escalating overdue data sharing requests failed; retrying at the next interval";

    protected override Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct) =>
        scoped.GetRequiredService<GrantDesk>().EscalateOverdueAsync(ct);
}
