using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneWindow.Shared.Startup;

/// <summary>
/// The one shape of a background loop on every node: wait for the <see cref="StartupGate"/> (no work before
/// migrations; none at all if start-up failed, which /health reports), then run <see cref="RunOnceAsync"/> in a fresh
/// DI scope on each tick, log a failure and go on (a busy or lost database only delays the work). Work that must run
/// on one node at a time takes its database lock inside <see cref="RunOnceAsync"/> (the audit sealer's
/// pg_try_advisory_xact_lock, the key rotation's pg_advisory_xact_lock), in the transaction it protects.
/// </summary>
public abstract class PeriodicWorker(IServiceProvider services, StartupGate gate, ILogger logger) : BackgroundService
{
    /// <summary>Time between runs.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The clock of the timer: real time unless the work follows the platform clock (tests may fake it).</summary>
    protected virtual TimeProvider TimerClock => TimeProvider.System;

    /// <summary>True to run once as soon as the gate opens, before the first wait.</summary>
    protected virtual bool RunsAtStart => false;

    /// <summary>What the warning says when a run fails (the exception is logged with it).</summary>
    protected abstract string FailureMessage { get; }

    /// <summary>How loud a failed run is logged.</summary>
    protected virtual LogLevel FailureLevel => LogLevel.Warning;

    /// <summary>One run, with services from a scope of its own.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct);

    /// <summary>Waits for the next run; false when stopping. Override to wake up earlier (e.g. on a signal).</summary>
    protected virtual async Task<bool> WaitForNextAsync(PeriodicTimer timer, CancellationToken ct)
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

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.Ready.WaitAsync(stoppingToken);
        }
        catch (Exception)
        {
            // Stopping, or start-up failed (the tables may not exist; /health says so): no work on this node.
            return;
        }

        using var timer = new PeriodicTimer(Interval, TimerClock);
        if (RunsAtStart && !await RunGuardedAsync(stoppingToken))
        {
            return;
        }

        while (await WaitForNextAsync(timer, stoppingToken))
        {
            if (!await RunGuardedAsync(stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>False when the host is stopping.</summary>
    private async Task<bool> RunGuardedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await RunOnceAsync(scope.ServiceProvider, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
#pragma warning disable CA2254 // The message is a constant per worker.
            logger.Log(FailureLevel, exception, FailureMessage);
#pragma warning restore CA2254
        }

        return !stoppingToken.IsCancellationRequested;
    }
}
