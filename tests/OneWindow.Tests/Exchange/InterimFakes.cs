using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Sharing;

namespace OneWindow.Tests.Exchange;

// INTERIM: stands in for the data catalogue module and the exchange log until both land on this branch; removed then.
internal sealed class FakeCatalog(IServiceProvider services) : IDataResourceCatalog
{
    public static readonly ConcurrentDictionary<string, SharedResource> Extra = new();

    public async Task<SharedResource?> PublishedAsync(string code, CancellationToken ct) =>
        (await PublishedAsync([code], ct)).GetValueOrDefault(code);

    public async Task<IReadOnlyDictionary<string, SharedResource>> PublishedAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sj = await scope.ServiceProvider.GetRequiredService<IOrganisationDirectory>().DepartmentByKeyAsync("sj", ct);
        var all = new Dictionary<string, SharedResource>(Extra);
        all[BuiltInResources.Persons] = new SharedResource(1, BuiltInResources.Persons, 1, "人口基础信息", sj!.Id, SharingClasses.Conditional, "依法履职需要", null,
            OpenClasses.NotOpen, ResourceHoldings.PersonRegistry, "idNumber", 10,
            [new("idNumber", "公民身份号码", "string", ItemMasks.IdNumber), new("name", "姓名", "string", ItemMasks.Name), new("gender", "性别", "string", ItemMasks.None),
             new("birthDate", "出生日期", "date", ItemMasks.Date), new("householdRegion", "户籍地", "string", ItemMasks.None), new("householdAddress", "户籍地址", "string", ItemMasks.Address)]);
        return codes.Where(all.ContainsKey).Distinct().ToDictionary(c => c, c => all[c]);
    }

    public static void Replace(IServiceCollection services)
    {
        services.RemoveAll<IDataResourceCatalog>();
        services.AddScoped<IDataResourceCatalog, FakeCatalog>();
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
