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

/// <summary>
/// Work that must finish before the node serves traffic, run after migrations. Tasks name the tasks they need done
/// first (<see cref="After"/>); <see cref="StartupOrder"/> sorts them. A name no registered task carries is ignored (its
/// module is not installed or its data is switched off), so a module states what it needs without knowing who is there.
/// </summary>
public interface IStartupTask
{
    /// <summary>Module-prefixed name, e.g. <c>catalog.seed</c>.</summary>
    string Name { get; }

    /// <summary>Names of tasks that must have run before this one.</summary>
    IReadOnlyCollection<string> After => [];

    Task RunAsync(CancellationToken cancellationToken);
}
