using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OneWindow.Tests.Infrastructure;

/// <summary>A logger that keeps every formatted line (message, state values and exception text) to check what a
/// component writes to the logs.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToArray();

    public string All => string.Join("\n", lines);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        lines.Enqueue($"{logLevel}: {formatter(state, exception)} [{values}] {exception}");
    }
}
