using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Log;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Exchange;

/// <summary>Entries, writing, sealing and verification of the exchange log for the tests.</summary>
public static class ExchangeLogTestKit
{
    /// <summary>Sealing is left to the test (Exchange:Log:Sealer off), so each test decides what a root covers.</summary>
    public static readonly IReadOnlyDictionary<string, string> ManualSealing = new Dictionary<string, string> { ["Exchange:Log:Sealer"] = "false" };

    /// <summary>An app of its own on a fresh database (no demo city), for tests that verify or tamper with the whole log.</summary>
    public static async Task<OneWindowApp> OwnAppAsync(DbKind kind)
    {
        var app = new OneWindowApp(await TestDatabase.CreateAsync(kind), demoData: false, settings: ManualSealing);
        await app.WaitUntilReadyAsync();
        return app;
    }

    public static async Task DisposeAsync(OneWindowApp app)
    {
        await app.DisposeAsync();
        await app.Database.DisposeAsync();
    }

    public static ExchangeLogEntry Entry(string resource, long consumer = 1, long provider = 2, string[]? subjects = null, string outcome = ExchangeLogEntry.Ok,
        string? purpose = "办理社会救助核验", int duration = 12) =>
        new(DateTimeOffset.UtcNow, "client:ow-test", consumer, provider, resource, 7, purpose, "CASE-2026-0001", "《政务信息资源共享管理暂行办法》第十条",
            subjects ?? ["sA" + Guid.NewGuid().ToString("N")[..8]], outcome == ExchangeLogEntry.Ok ? ["name", "birth_date"] : [], outcome == ExchangeLogEntry.Ok ? 1 : 0,
            outcome, duration, "req-" + Guid.NewGuid().ToString("N")[..12]);

    public static Task<long> WriteAsync(OneWindowApp app, ExchangeLogEntry entry) => app.Services.GetRequiredService<IExchangeCallLog>().WriteAsync(entry, default);

    public static async Task<IReadOnlyList<LogRootRow>> SealAsync(OneWindowApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LogSealer>().SealPendingAsync();
    }

    public static async Task<LogVerification> VerifyAsync(OneWindowApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LogVerifier>().VerifyAsync(default);
    }

    public static Task<T> LogDbAsync<T>(OneWindowApp app, Func<ExchangeLogDbContext, Task<T>> query) => app.QueryAsync(query);

    public static Task<int> SqlAsync(OneWindowApp app, string sql) => app.QueryAsync<ExchangeLogDbContext, int>(db => db.Database.ExecuteSqlRawAsync(sql));

    /// <summary>RFC 6962 / RFC 9162 inclusion check written from the RFC, sharing no code with the server.</summary>
    public static bool InclusionHolds(string leafHashHex, long index, long size, IReadOnlyList<string> path, string rootHex)
    {
        static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());
        var node = H([0x00], Convert.FromHexString(leafHashHex));
        // Recursive form of PATH(m, D[n]): split at the largest power of two k < n; the path lists siblings bottom up.
        bool Walk(long m, long n, int depth, out byte[] result)
        {
            result = [];
            if (n == 1)
            {
                result = node;
                return depth == path.Count;
            }

            long k = 1;
            while (k * 2 < n)
            {
                k *= 2;
            }

            // The sibling of this level is the last path element not used by the levels below.
            if (m < k)
            {
                if (!Walk(m, k, depth + 1, out var left)) return false;
                result = H([0x01], left, Convert.FromHexString(path[path.Count - 1 - depth]));
            }
            else
            {
                if (!Walk(m - k, n - k, depth + 1, out var right)) return false;
                result = H([0x01], Convert.FromHexString(path[path.Count - 1 - depth]), right);
            }

            return true;
        }

        return Walk(index, size, 0, out var root) && Convert.ToHexStringLower(root) == rootHex;
    }

    /// <summary>The leaf hash as docs/data-sharing.md describes it, written from the documentation.</summary>
    public static string DocumentedLeafHash(long id, long atTicks, ExchangeLogEntry e)
    {
        var sb = new StringBuilder("owxlog1\n");
        void F(string? v) => sb.Append(v == null ? "~" : $"{Encoding.UTF8.GetByteCount(v)}:{v}").Append('\n');
        F(id.ToString()); F(atTicks.ToString()); F(e.Consumer); F(e.ConsumerDepartmentId.ToString()); F(e.ProviderDepartmentId.ToString()); F(e.ResourceCode);
        F(e.GrantId?.ToString()); F(e.Purpose); F(e.CaseNumber); F(e.LegalBasis); F(string.Join(" ", e.SubjectIndexes.Distinct().OrderBy(s => s, StringComparer.Ordinal)));
        F(string.Join(" ", e.Items)); F(e.Rows.ToString()); F(e.Outcome); F(e.DurationMs.ToString()); F(e.RequestId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
