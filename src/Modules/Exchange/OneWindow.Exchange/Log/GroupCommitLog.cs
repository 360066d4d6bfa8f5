using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Data;

namespace OneWindow.Exchange.Log;

/// <summary>Settings of the exchange log (Exchange:Log:*).</summary>
/// <param name="SealSeconds">How often the sealer runs (Exchange:Log:SealSeconds, default 1).</param>
/// <param name="SealAfter">Entries written on this node since the last seal that wake the sealer early (Exchange:Log:SealAfter).</param>
/// <param name="MaxBatch">Most entries in one transaction (Exchange:Log:MaxBatch).</param>
/// <param name="Writers">Batches in flight at once (Exchange:Log:Writers; SQLite always 1: one writer at a time anyway).</param>
/// <param name="Sealer">Run the sealer on this node (Exchange:Log:Sealer).</param>
public sealed record ExchangeLogOptions(double SealSeconds = 1, int SealAfter = 5000, int MaxBatch = 500, int Writers = 2, bool Sealer = true)
{
    public static ExchangeLogOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Exchange:Log");
        var defaults = new ExchangeLogOptions();
        return new ExchangeLogOptions(
            Math.Max(0.05, section.GetValue("SealSeconds", defaults.SealSeconds)),
            Math.Max(1, section.GetValue("SealAfter", defaults.SealAfter)),
            Math.Clamp(section.GetValue("MaxBatch", defaults.MaxBatch), 1, 1000),
            Math.Clamp(section.GetValue("Writers", defaults.Writers), 1, 16),
            section.GetValue("Sealer", defaults.Sealer));
    }
}

/// <summary>
/// The group-commit writer of the exchange log (<see cref="IExchangeCallLog"/>): concurrent callers put their entry into
/// one channel; <see cref="ExchangeLogOptions.Writers"/> loops each take whatever has arrived (up to
/// <see cref="ExchangeLogOptions.MaxBatch"/>) and write it in one transaction — ids taken first (PostgreSQL: the
/// sequence; SQLite: under the write lock), leaf hashes computed, one multi-row INSERT for the entries and one for their
/// subjects, one commit. Each caller's task completes with its id only after that commit; when the batch fails, every
/// caller in it gets the exception (and must not answer with data). While one batch commits the next one fills, so
/// the commit rate stays low however many calls arrive.
/// </summary>
public sealed class GroupCommitLog : IExchangeCallLog, IAsyncDisposable
{
    private readonly Channel<Pending> channel = Channel.CreateBounded<Pending>(new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.Wait });
    private readonly IServiceScopeFactory scopes;
    private readonly ExchangeLogOptions options;
    private readonly LogSealSignal signal;
    private readonly Lazy<Task[]> loops;
    private int sinceSignal;

    public GroupCommitLog(IServiceScopeFactory scopes, ExchangeLogOptions options, LogSealSignal signal, DatabaseSettings database)
    {
        this.scopes = scopes;
        this.options = options;
        this.signal = signal;
        var writers = database.Provider == DatabaseProvider.Sqlite ? 1 : Math.Max(1, options.Writers);
        loops = new Lazy<Task[]>(() => Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync)).ToArray(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async Task<long> WriteAsync(ExchangeLogEntry entry, CancellationToken ct)
    {
        LogEntryLimits.Check(entry);
        _ = loops.Value;
        var pending = new Pending(entry, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        await channel.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        if (loops.IsValueCreated)
        {
            await Task.WhenAll(loops.Value);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(options.MaxBatch);
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < options.MaxBatch && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ExchangeLogDbContext>();
                var ids = await WriteBatchAsync(db, batch.Select(p => p.Entry).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(ids[i]);
                }

                if (Interlocked.Add(ref sinceSignal, batch.Count) >= options.SealAfter)
                {
                    Interlocked.Exchange(ref sinceSignal, 0);
                    signal.Wake();
                }
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(new ExchangeLogUnavailableException(e));
                }
            }

            batch.Clear();
        }
    }

    /// <summary>One transaction: ids, entries with their leaf hashes, subjects, commit. Returns the ids in entry order.</summary>
    internal static async Task<long[]> WriteBatchAsync(ExchangeLogDbContext db, IReadOnlyList<ExchangeLogEntry> entries, CancellationToken ct)
    {
        var postgres = db.IsPostgres;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            long[] ids;
            DbTransaction transaction;
            if (postgres)
            {
                // Sequences are outside transactions: taking the ids first costs one short round trip, not a lock.
                ids = await ReadIdsAsync(connection, null,
                    "SELECT nextval(pg_get_serial_sequence('exchange_log_entries', 'id')) FROM generate_series(1, @n)", entries.Count, ct);
                transaction = await connection.BeginTransactionAsync(ct);
            }
            else
            {
                // BEGIN IMMEDIATE: the write lock first, so nobody else takes the same ids.
                transaction = await connection.BeginTransactionAsync(ct);
                var last = await ReadIdsAsync(connection, transaction,
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'exchange_log_entries'), 0), COALESCE((SELECT MAX(id) FROM exchange_log_entries), 0))", 0, ct);
                ids = Enumerable.Range(1, entries.Count).Select(i => last[0] + i).ToArray();
            }

            await using (transaction)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                var sql = new StringBuilder(
                    "INSERT INTO exchange_log_entries (id, at, consumer, consumer_department_id, provider_department_id, resource_code, grant_id, purpose, " +
                    "case_number, legal_basis, items, \"rows\", outcome, duration_ms, request_id, leaf_hash) VALUES ");
                var subjects = new StringBuilder();
                var p = 0;
                for (var i = 0; i < entries.Count; i++)
                {
                    var e = entries[i];
                    var at = LogCanonical.Micro(e.At);
                    var items = string.Join(' ', e.Items);
                    var leaf = LogCanonical.LeafHash(ids[i], at, e, items);
                    sql.Append(i == 0 ? "(" : ",(");
                    object?[] values =
                    [
                        ids[i], postgres ? at : at.UtcTicks, e.Consumer, e.ConsumerDepartmentId, e.ProviderDepartmentId, e.ResourceCode,
                        new TypedValue(e.GrantId, DbType.Int64), e.Purpose, e.CaseNumber, e.LegalBasis, items, e.Rows, e.Outcome, e.DurationMs, e.RequestId, leaf,
                    ];
                    for (var v = 0; v < values.Length; v++)
                    {
                        sql.Append(v == 0 ? "" : ",").Append(Add(command, ref p, values[v]));
                    }

                    sql.Append(')');
                    foreach (var subject in LogCanonical.Subjects(e.SubjectIndexes))
                    {
                        subjects.Append(subjects.Length == 0 ? "" : ",").Append('(').Append(Add(command, ref p, ids[i])).Append(',').Append(Add(command, ref p, subject)).Append(')');
                    }
                }

                if (subjects.Length > 0)
                {
                    sql.Append(";\nINSERT INTO exchange_log_subjects (entry_id, subject_index) VALUES ").Append(subjects);
                }

                command.CommandText = sql.ToString();
                await command.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
            }

            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Add(DbCommand command, ref int index, object? value) =>
        RawSql.AddParameter(command, "@p" + (index++).ToString(CultureInfo.InvariantCulture), value);

    private static async Task<long[]> ReadIdsAsync(DbConnection connection, DbTransaction? transaction, string sql, int n, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        RawSql.AddParameter(command, "@n", n);
        var ids = new List<long>(Math.Max(n, 1));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return ids.ToArray();
    }

    private sealed record Pending(ExchangeLogEntry Entry, TaskCompletionSource<long> Done);
}

/// <summary>The log could not make the entry durable: the caller must answer without data (503).</summary>
public sealed class ExchangeLogUnavailableException(Exception inner) : Exception("The exchange log could not write the call; no data may be returned.", inner);

/// <summary>The column limits, checked per caller before an entry joins a batch, so one caller's bad entry never fails
/// the others' batch. Callers validate their input first; reaching these is a programming error.</summary>
public static class LogEntryLimits
{
    public static void Check(ExchangeLogEntry e)
    {
        Limit(e.Consumer, 100, nameof(e.Consumer), required: true);
        Limit(e.ResourceCode, 40, nameof(e.ResourceCode), required: true);
        Limit(e.Purpose, 500, nameof(e.Purpose));
        Limit(e.CaseNumber, 60, nameof(e.CaseNumber));
        Limit(e.LegalBasis, 500, nameof(e.LegalBasis));
        Limit(e.Outcome, 60, nameof(e.Outcome), required: true);
        Limit(e.RequestId, 100, nameof(e.RequestId), required: true);
        if (string.Join(' ', e.Items).Length > 4000 || e.Items.Any(i => i.Length == 0 || i.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Items: at most 4000 characters together, each non-empty without spaces.", nameof(e));
        }

        if (e.SubjectIndexes.Any(s => s.Length is 0 or > 40))
        {
            throw new ArgumentException("Subject indexes are 1-40 characters.", nameof(e));
        }
    }

    private static void Limit(string? value, int max, string field, bool required = false)
    {
        if (value == null ? required : value.Length > max || (required && value.Length == 0))
        {
            throw new ArgumentException($"{field}: {(required ? "required, " : "")}at most {max} characters.", field);
        }
    }
}

/// <summary>Wakes the sealer of this node early when many entries wait.</summary>
public sealed class LogSealSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => semaphore.WaitAsync(timeout, ct);
}
