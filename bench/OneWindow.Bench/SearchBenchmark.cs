using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Features.Search;
using OneWindow.Shared.Data;

namespace OneWindow.Bench;

/// <summary>
/// Runs a fixed query mix through the real <see cref="CatalogSearch"/> (one DbContext per query, as a request scope
/// would) from C concurrent workers, after a warm-up, and prints latency percentiles per query class.
/// </summary>
internal sealed class SearchBenchmark(string connectionString, int queries, int concurrency, int warmup)
{
    private readonly TimeProvider clock = TimeProvider.System;

    private sealed record BenchQuery(string Class, string Label, SearchRequest Request);

    public async Task RunAsync()
    {
        var settings = new DatabaseSettings(connectionString);
        var options = new DbContextOptionsBuilder<CatalogDbContext>().UseOneWindowDatabase(settings).Options;
        var mix = await BuildMixAsync(options);

        Console.WriteLine($"Provider: {settings.Provider}; {mix.Count} distinct queries; warm-up {warmup}, measured {queries}, concurrency {concurrency}");
        Console.WriteLine();
        var totals = new Dictionary<string, (string Total, string First)>();
        foreach (var q in mix)
        {
            await using var db = new CatalogDbContext(options);
            var result = await new CatalogSearch(db).SearchAsync(q.Request);
            var total = result.TotalIsLowerBound ? $">{result.Total:N0}" : result.Total.ToString("N0", CultureInfo.InvariantCulture);
            totals[q.Label] = (total, result.Items.Count > 0 ? result.Items[0].Name : "—");
        }

        await RunPhaseAsync(options, mix, warmup, null);
        var samples = new ConcurrentBag<(string Class, string Label, double Ms)>();
        var started = clock.GetTimestamp();
        await RunPhaseAsync(options, mix, queries, samples);
        var wall = clock.GetElapsedTime(started).TotalSeconds;

        Console.WriteLine("| Query | Class | Total (capped) | First hit | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---:|---|---:|---:|");
        foreach (var q in mix)
        {
            var ms = samples.Where(s => s.Label == q.Label).Select(s => s.Ms).Order().ToList();
            Console.WriteLine($"| {q.Label} | {q.Class} | {totals[q.Label].Total} | {totals[q.Label].First} | {Percentile(ms, 0.5)} | {Percentile(ms, 0.99)} |");
        }

        Console.WriteLine();
        Console.WriteLine("| Class | Queries | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in samples.GroupBy(s => s.Class).OrderBy(g => ClassOrder.IndexOf(g.Key)))
        {
            Console.WriteLine(Row(group.Key, group.Select(s => s.Ms).ToList()));
        }

        Console.WriteLine(Row("**all**", samples.Select(s => s.Ms).ToList()));
        Console.WriteLine();
        Console.WriteLine($"Throughput: {(samples.Count / wall).ToString("0", CultureInfo.InvariantCulture)} queries/s ({samples.Count} queries in {wall.ToString("0.0", CultureInfo.InvariantCulture)} s, concurrency {concurrency})");
    }

    private static readonly List<string> ClassOrder = ["1-char", "2-char", "word", "pinyin", "initials", "no-match", "filter", "deep-page"];

    private async Task RunPhaseAsync(DbContextOptions<CatalogDbContext> options, List<BenchQuery> mix, int count, ConcurrentBag<(string, string, double)>? samples)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                // A fixed interleaving (stride coprime to the mix size) so every class is spread over the run.
                var q = mix[(int)((n * 7L) % mix.Count)];
                var start = clock.GetTimestamp();
                await using (var db = new CatalogDbContext(options))
                {
                    await new CatalogSearch(db).SearchAsync(q.Request);
                }

                samples?.Add((q.Class, q.Label, clock.GetElapsedTime(start).TotalMilliseconds));
            }
        })).ToArray();
        await Task.WhenAll(workers);
    }

    private static string Percentile(List<double> sorted, double p) => sorted.Count == 0
        ? "—"
        : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].ToString("0.0", CultureInfo.InvariantCulture);

    private static string Row(string name, List<double> ms)
    {
        ms.Sort();
        string P(double p) => Percentile(ms, p);
        return new StringBuilder().Append("| ").Append(name).Append(" | ").Append(ms.Count)
            .Append(" | ").Append(P(0.50)).Append(" | ").Append(P(0.95)).Append(" | ").Append(P(0.99))
            .Append(" | ").Append(ms[^1].ToString("0.0", CultureInfo.InvariantCulture)).Append(" |").ToString();
    }

    private static async Task<List<BenchQuery>> BuildMixAsync(DbContextOptions<CatalogDbContext> options)
    {
        await using var db = new CatalogDbContext(options);
        var departments = await db.Departments.AsNoTracking().Where(d => d.Key == "ga" || d.Key == "gs-340200" || d.Key == "rs-340104" || d.Key == "ga-340123")
            .ToDictionaryAsync(d => d.Key, d => d.Id);
        long Dept(string key) => departments.TryGetValue(key, out var id) ? id : departments.GetValueOrDefault("ga");

        static BenchQuery Q(string cls, string q, int page = 1) => new(cls, q + (page > 1 ? $" p{page}" : ""), new SearchRequest { Q = q, Page = page });

        return
        [
            Q("1-char", "证"), Q("1-char", "照"),
            Q("2-char", "护照"), Q("2-char", "社保"), Q("2-char", "公积金"),
            Q("word", "营业执照"), Q("word", "身份证补领"), Q("word", "建筑工程施工许可"),
            Q("pinyin", "huzhao"), Q("pinyin", "yingyezhizhao"),
            Q("initials", "hz"), Q("initials", "yyzz"),
            Q("no-match", "量子纠缠"), Q("no-match", "区块链挖矿"),
            new("filter", "(no q) department ga", new SearchRequest { DepartmentId = Dept("ga") }),
            new("filter", "(no q) department gs-340200", new SearchRequest { DepartmentId = Dept("gs-340200") }),
            new("filter", "许可 target=2", new SearchRequest { Q = "许可", Target = 2 }),
            new("filter", "证 topic=证件办理", new SearchRequest { Q = "证", Topic = "证件办理" }),
            new("filter", "登记 region=340100", new SearchRequest { Q = "登记", RegionCode = "340100" }),
            new("filter", "社保 department rs-340104", new SearchRequest { Q = "社保", DepartmentId = Dept("rs-340104") }),
            new("filter", "(no q) target=1", new SearchRequest { Target = 1 }),
            Q("deep-page", "证", 20), Q("deep-page", "许可", 50), Q("deep-page", "登记", 10),
            new("deep-page", "(no q) p100", new SearchRequest { Page = 100 }),
        ];
    }
}
