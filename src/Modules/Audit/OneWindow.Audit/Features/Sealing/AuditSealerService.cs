using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Startup;

namespace OneWindow.Audit.Features.Sealing;

/// <summary>Runs the sealer about once a second on every node; the database lock makes sure only one seals at a time.</summary>
public sealed class AuditSealerService(IServiceProvider services, StartupGate gate, TimeProvider clock, ILogger<AuditSealerService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception)
        {
            // Start-up failed: the table may not exist; the node reports that through /health.
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditSealer>().SealPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A busy database or a lost connection: the next tick tries again; nothing is lost, only delayed.
                logger.LogWarning(exception, "Audit sealing failed; retrying");
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
