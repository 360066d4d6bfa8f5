namespace OneWindow.Shared.Startup;

/// <summary>
/// Tells whether start-up work (migrations, reference and demo data) has finished. The node answers /health
/// with 503 until it has, so a load balancer sends it no traffic before its database is ready.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => completion.Task.IsCompletedSuccessfully;

    public Exception? Failure => completion.Task.Exception?.GetBaseException();

    public Task Ready => completion.Task;

    public void MarkReady() => completion.TrySetResult();

    public void MarkFailed(Exception exception) => completion.TrySetException(exception);
}

/// <summary>Work that must finish before the node serves traffic, run in <see cref="Order"/> after migrations.</summary>
public interface IStartupTask
{
    int Order { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
