using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneWindow.Exchange.Log;

namespace OneWindow.Tests.Exchange;

// INTERIM: stands in for the exchange log until it lands on this branch; removed then.
internal static class FakeCatalog
{
    public static void Replace(IServiceCollection services)
    {
        services.RemoveAll<IExchangeCallLog>();
        services.RemoveAll<IExchangeLogReader>();
        services.AddSingleton<MemoryCallLog>();
        services.AddSingleton<IExchangeCallLog>(sp => sp.GetRequiredService<MemoryCallLog>());
        services.AddSingleton<IExchangeLogReader>(sp => sp.GetRequiredService<MemoryCallLog>());
    }
}

internal sealed class MemoryCallLog : IExchangeCallLog, IExchangeLogReader
{
    private readonly List<LoggedCall> entries = [];

    public IReadOnlyList<LoggedCall> All { get { lock (entries) { return entries.ToList(); } } }

    public Task<long> WriteAsync(ExchangeLogEntry entry, CancellationToken ct)
    {
        lock (entries)
        {
            var id = entries.Count + 1;
            entries.Add(new LoggedCall(id, entry));
            return Task.FromResult((long)id);
        }
    }

    public Task<IReadOnlyList<LoggedCall>> ForSubjectsAsync(IReadOnlyCollection<string> subjectIndexes, long? beforeId, int pageSize, CancellationToken ct)
    {
        lock (entries)
        {
            return Task.FromResult<IReadOnlyList<LoggedCall>>(entries.Where(e => e.Entry.Outcome == ExchangeLogEntry.Ok && e.Entry.SubjectIndexes.Any(subjectIndexes.Contains) && (beforeId == null || e.Id < beforeId))
                .OrderByDescending(e => e.Id).Take(pageSize).ToList());
        }
    }

    public Task<LoggedCall?> FindAsync(long id, CancellationToken ct)
    {
        lock (entries)
        {
            return Task.FromResult(entries.FirstOrDefault(e => e.Id == id));
        }
    }
}
