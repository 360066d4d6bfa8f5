using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Startup;

namespace OneWindow.Integration.Dispatch;

/// <summary>Runs a dispatch pass every PollMilliseconds on every node where Integration:Dispatcher:Enabled is true;
/// the claims inside a pass keep nodes from sending the same delivery.</summary>
public sealed class WebhookDispatcherService(IServiceProvider services, StartupGate gate, DispatcherOptions options, ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception)
        {
            // Stopping, or start-up failed (the tables may not exist; /health says so).
            return;
        }

        // Real time on purpose: the platform clock may be a test's fake one, the poll interval is not business time.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.PollMilliseconds));
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A busy or lost database: nothing is lost, the next pass picks the rows up again.
                logger.LogWarning(exception, "Webhook dispatch pass failed; retrying");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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
