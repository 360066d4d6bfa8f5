using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneWindow.Exchange;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;

// OneWindow.ExchangeBench writer --connection "<conn>" [--callers 64] [--seconds 20] [--warmup 3] [--subjects 2] [--writers 2] [--batch 500]
// OneWindow.ExchangeBench http --base URL --client-id ID --client-secret S --resource 101001/000001 --grant 1 [--subjects a,b]
//                              [--items name] [--page-size 20] [--concurrency 32] [--seconds 20] [--warmup 3] [--connection "<conn>"]
var options = Args.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "writer" => await WriterBench.RunAsync(options),
    "http" => await HttpBench.RunAsync(options),
    _ => Args.Usage(),
};

internal static class Args
{
    public static Dictionary<string, string> Parse(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                result[name] = "";
            }
            else if (name != null)
            {
                result[name] = arg;
                name = null;
            }
        }

        return result;
    }

    public static int Int(Dictionary<string, string> o, string name, int fallback) => o.TryGetValue(name, out var v) && v.Length > 0 ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static string Required(Dictionary<string, string> o, string name) =>
        o.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new ArgumentException($"--{name} is required");

    public static int Usage()
    {
        Console.Error.WriteLine("usage: writer --connection <conn> [--callers 64] [--seconds 20] [--warmup 3] [--subjects 2] [--writers 2] [--batch 500]\n" +
                                "       http --base URL --client-id ID --client-secret S --resource CODE --grant ID [--subjects a,b] [--items name] [--page-size 20] [--concurrency 32] [--seconds 20] [--warmup 3] [--connection <conn>]");
        return 1;
    }

    /// <summary>Lets the loops warm up, opens the measuring window for <paramref name="seconds"/>, stops the loops;
    /// returns the count taken at the end of the window and its length in seconds.</summary>
    public static async Task<(long Count, double Seconds)> MeasureAsync(int warmup, int seconds, Action<bool> measuring, Func<long> count, CancellationTokenSource stop, Task[] loops)
    {
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        measuring(true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        measuring(false);
        var measured = count();
        var elapsed = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        await Task.WhenAll(loops);
        return (measured, elapsed);
    }

    public static string Percentiles(List<double> ms)
    {
        ms.Sort();
        double P(double q) => ms.Count == 0 ? 0 : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {P(0.50):F1} ms, p90 {P(0.90):F1} ms, p99 {P(0.99):F1} ms, max {P(1):F1} ms");
    }
}

/// <summary>N concurrent callers → <see cref="IExchangeCallLog.WriteAsync"/> for a fixed time while the sealer seals
/// every second, then: every acknowledged id counted in the table, everything sealed and verified.</summary>
internal static class WriterBench
{
    public static async Task<int> RunAsync(Dictionary<string, string> o)
    {
        var connection = Args.Required(o, "connection");
        var callers = Args.Int(o, "callers", 64);
        var seconds = Args.Int(o, "seconds", 20);
        var warmup = Args.Int(o, "warmup", 3);
        var subjects = Args.Int(o, "subjects", 2);
        var database = new DatabaseSettings(connection);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exchange:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Exchange:Log:Writers"] = o.GetValueOrDefault("writers", "2"),
            ["Exchange:Log:MaxBatch"] = o.GetValueOrDefault("batch", "500"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        services.AddExchangeLog(database, new AtRestKeys(configuration, "Staging", null));
        await using var provider = services.BuildServiceProvider();

        await new MigrationRunner(database, [new MigrationSource("audit", typeof(OneWindow.Audit.AuditModule).Assembly), new MigrationSource(ExchangeModule.Name, typeof(ExchangeModule).Assembly)],
            NullLogger<MigrationRunner>.Instance).ApplyAsync();
        var log = provider.GetRequiredService<IExchangeCallLog>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var stop = new CancellationTokenSource();
        var measuring = false;
        long acknowledged = 0;
        var latencies = new List<double>[callers];
        var ids = new List<long>[callers];

        var sealer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1000);
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LogSealer>().SealPendingAsync();
            }
        });
        var loops = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            latencies[c] = new List<double>();
            ids[c] = new List<long>();
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var entry = new ExchangeLogEntry(DateTimeOffset.UtcNow, "client:bench", 1, 2, "bench/persons", 1, "基准测试：核验身份", "BENCH-" + c, "《政务信息资源共享管理暂行办法》",
                    Enumerable.Range(0, subjects).Select(s => $"bench{c}x{n}x{s}").ToList(), ["name", "birth_date", "address"], 1, ExchangeLogEntry.Ok, 3, $"bench-{run}-{c}-{n}");
                n++;
                var started = Stopwatch.GetTimestamp();
                var id = await log.WriteAsync(entry, CancellationToken.None);
                if (measuring)
                {
                    latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref acknowledged);
                }

                ids[c].Add(id);
            }
        })).ToArray();

        var (measured, elapsed) = await Args.MeasureAsync(warmup, seconds, on => measuring = on, () => Interlocked.Read(ref acknowledged), stop, loops);
        await sealer;

        var all = ids.SelectMany(i => i).ToList();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ExchangeLogDbContext>();
            var stored = await db.Entries.CountAsync(e => e.RequestId.StartsWith("bench-" + run + "-"));
            while ((await scope.ServiceProvider.GetRequiredService<LogSealer>().SealPendingAsync()).Count > 0)
            {
            }

            var unsealed = await db.Entries.CountAsync(e => e.RequestId.StartsWith("bench-" + run + "-") && e.RootId == null);
            var roots = await db.Roots.CountAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"writer: {callers} callers, {seconds} s measured after {warmup} s warm-up: {measured} calls logged = {measured / elapsed:F0} per second; latency of WriteAsync {Args.Percentiles(latencies.SelectMany(l => l).ToList())}"));
            Console.WriteLine($"check: acknowledged in the whole run {all.Count}, distinct ids {all.Distinct().Count()}, rows of this run in the table {stored}, unsealed after the final seal {unsealed}, roots in the log {roots}");
            var verified = await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync(default);
            Console.WriteLine($"verify: ok={verified.Ok} roots={verified.Roots} entries={verified.Entries} reason={verified.Reason}");
            return stored == all.Count && all.Distinct().Count() == all.Count && unsealed == 0 && verified.Ok ? 0 : 2;
        }
    }
}

/// <summary>Client-credentials token, then concurrent POST /api/v1/exchange/{resource}/query for a fixed time;
/// afterwards every logId of a 200 is looked up in the log table (with --connection). Prints every answer of the whole
/// run (warm-up included) by status, so the caller can compare them with the log's rows of this client.</summary>
internal static class HttpBench
{
    public static async Task<int> RunAsync(Dictionary<string, string> o)
    {
        var baseUrl = Args.Required(o, "base").TrimEnd('/');
        var concurrency = Args.Int(o, "concurrency", 32);
        var seconds = Args.Int(o, "seconds", 20);
        var warmup = Args.Int(o, "warmup", 3);
        var pageSize = Args.Int(o, "page-size", 20);
        var subjects = o.GetValueOrDefault("subjects", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var items = o.GetValueOrDefault("items", "name").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var path = $"{baseUrl}/api/v1/exchange/{Args.Required(o, "resource").Replace('/', '-')}/query";
        var grant = long.Parse(Args.Required(o, "grant"), CultureInfo.InvariantCulture);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var token = await http.PostAsync($"{baseUrl}/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Args.Required(o, "client-id"), ["client_secret"] = Args.Required(o, "client-secret"), ["scope"] = ExchangeScopes.Call,
        }));
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonObject>())?["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"No token: {(int)token.StatusCode}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var stop = new CancellationTokenSource();
        var measuring = false;
        long ok = 0, other = 0, rows = 0;
        var latencies = new List<double>[concurrency];
        var logIds = new List<long>[concurrency];
        var statuses = new Dictionary<int, long>[concurrency];
        var loops = Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
        {
            latencies[c] = new List<double>();
            logIds[c] = new List<long>();
            statuses[c] = new Dictionary<int, long>();
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var body = new { grantId = grant, purpose = "基准测试：核验身份", subjects = subjects.Length == 0 ? null : new[] { subjects[(c + n++) % subjects.Length] }, items, pageSize };
                var started = Stopwatch.GetTimestamp();
                int status;
                JsonObject? json = null;
                try
                {
                    using var response = await http.PostAsJsonAsync(path, body);
                    status = (int)response.StatusCode;
                    json = status == 200 ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
                }
                catch (HttpRequestException)
                {
                    status = 0; // no answer at all (connection refused or reset)
                }

                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses[c][status] = statuses[c].GetValueOrDefault(status) + 1;
                if (json != null)
                {
                    logIds[c].Add(json["logId"]!.GetValue<long>());
                    if (measuring)
                    {
                        Interlocked.Increment(ref ok);
                        Interlocked.Add(ref rows, json["rows"]!.AsArray().Count);
                        latencies[c].Add(elapsed);
                    }
                }
                else if (measuring)
                {
                    Interlocked.Increment(ref other);
                }
            }
        })).ToArray();
        var (measured, time) = await Args.MeasureAsync(warmup, seconds, on => measuring = on, () => Interlocked.Read(ref ok), stop, loops);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http: {concurrency} connections, {seconds} s after {warmup} s warm-up: {measured} answered 200 = {measured / time:F0} audited calls per second ({(measured == 0 ? 0 : (double)Interlocked.Read(ref rows) / measured):F1} rows each), {Interlocked.Read(ref other)} other answers; {Args.Percentiles(latencies.SelectMany(l => l).ToList())}"));
        var byStatus = statuses.SelectMany(s => s).GroupBy(s => s.Key).OrderBy(g => g.Key).Select(g => (Status: g.Key, Count: g.Sum(x => x.Value))).ToList();
        Console.WriteLine("answers in the whole run: " + string.Join(", ", byStatus.Select(s => $"{(s.Status == 0 ? "none" : s.Status.ToString(CultureInfo.InvariantCulture))}: {s.Count}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT rate={measured / time:F0} answered={byStatus.Where(s => s.Status != 0).Sum(s => s.Count)} ok={byStatus.Where(s => s.Status is >= 200 and < 300).Sum(s => s.Count)} unanswered={byStatus.Where(s => s.Status == 0).Sum(s => s.Count)}"));
        var all = logIds.SelectMany(l => l).Distinct().ToList();
        if (o.GetValueOrDefault("connection") is { Length: > 0 } connection)
        {
            var database = new DatabaseSettings(connection);
            var services = new ServiceCollection().AddDbContext<ExchangeLogDbContext>(b => b.UseOneWindowDatabase(database)).BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ExchangeLogDbContext>();
            var found = 0;
            foreach (var chunk in all.Chunk(5000))
            {
                found += await db.Entries.CountAsync(e => chunk.Contains(e.Id));
            }

            Console.WriteLine($"check: {all.Count} logIds answered with 200, {found} of them in exchange_log_entries");
            return found == all.Count ? 0 : 2;
        }

        return 0;
    }
}
