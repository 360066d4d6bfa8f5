using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Data;

namespace OneWindow.Shared.Startup;

/// <summary>Runs migrations and then the start-up tasks in the background while the host already listens.
/// One node at a time (<see cref="StartupLock"/>), so nodes started together do not seed the same rows at once.</summary>
public sealed class StartupWorker(IServiceProvider services, StartupGate gate, DatabaseSettings database, ILogger<StartupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (await StartupLock.AcquireAsync(database, stoppingToken))
            {
                await using var scope = services.CreateAsyncScope();
                var applied = await scope.ServiceProvider.GetRequiredService<MigrationRunner>().ApplyAsync(stoppingToken);
                logger.LogInformation("Database schema up to date ({Applied} scripts applied)", applied);
                foreach (var task in StartupOrder.Sort(scope.ServiceProvider.GetServices<IStartupTask>()))
                {
                    await task.RunAsync(stoppingToken);
                }
            }

            gate.MarkReady();
            logger.LogInformation("Start-up finished");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            gate.MarkFailed(new OperationCanceledException("Start-up was cancelled."));
        }
        catch (Exception exception)
        {
            logger.LogCritical(exception, "Start-up failed");
            gate.MarkFailed(exception);
        }
    }
}
