using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Exchange.Log;

/// <summary>
/// Seals the log under signed hash-tree roots, as X-Road batches its time-stamps: every entry not yet sealed is claimed
/// with one <c>UPDATE … SET root_id = next WHERE root_id IS NULL … RETURNING id, leaf_hash</c> (an entry is in exactly
/// one root), the RFC 6962 tree is built over their leaf hashes in id order, and the root row — chained to the
/// previous root's hash, signed with the log's ECDSA key — is inserted with an audit entry <c>exchange.log.sealed</c>
/// carrying the root hash, all in one transaction. One sealer at a time: PostgreSQL pg_try_advisory_xact_lock (another
/// node sealing means this tick does nothing), SQLite the write lock of the IMMEDIATE transaction.
/// </summary>
public sealed class LogSealer(ExchangeLogDbContext db, LogKeys keys, TimeProvider clock)
{
    public const string AuditAction = "exchange.log.sealed";

    /// <summary>Most entries under one root; a larger backlog makes several roots.</summary>
    public const int MaxPerRoot = 20_000;

    // Any constant; the same on every node, different from the other advisory locks ("OWXLogSe").
    private const long PostgresLockKey = 0x4F57584C6F675365;

    /// <summary>Seals everything committed now; returns the roots made (none if another node holds the lock).</summary>
    public async Task<IReadOnlyList<LogRootRow>> SealPendingAsync(CancellationToken ct = default)
    {
        await EnsureKeyAsync(ct);
        var made = new List<LogRootRow>();
        while (true)
        {
            var root = await SealOnceAsync(ct);
            if (root == null)
            {
                return made;
            }

            made.Add(root);
            if (root.EntryCount < MaxPerRoot)
            {
                return made;
            }
        }
    }

    /// <summary>The signing key exists from the first run on, so its public half is published before the first call.</summary>
    private async Task EnsureKeyAsync(CancellationToken ct)
    {
        if (keys.Generated || await db.Keys.AnyAsync(ct))
        {
            keys.Generated = true;
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres && !await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock({0}) AS \"Value\"", PostgresLockKey).SingleAsync(ct))
        {
            return;
        }

        var (_, key) = await keys.SignerAsync(db, LogCanonical.Micro(clock.GetUtcNow()), ct);
        key.Dispose();
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        keys.Generated = true;
    }

    private async Task<LogRootRow?> SealOnceAsync(CancellationToken ct)
    {
        // Idle ticks look first (through the (root_id, id) index) and take no lock.
        if (!await db.Entries.AnyAsync(e => e.RootId == null, ct))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres && !await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock({0}) AS \"Value\"", PostgresLockKey).SingleAsync(ct))
        {
            return null;
        }

        var previous = await db.Roots.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var rootId = (previous?.Id ?? 0) + 1;
        var claimed = new List<(long Id, string Leaf)>();
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText =
                "UPDATE exchange_log_entries SET root_id = @root WHERE id IN " +
                "(SELECT id FROM exchange_log_entries WHERE root_id IS NULL ORDER BY id LIMIT @max) RETURNING id, leaf_hash";
            RawSql.AddParameter(command, "@root", rootId);
            RawSql.AddParameter(command, "@max", MaxPerRoot);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                claimed.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1)));
            }
        }

        if (claimed.Count == 0)
        {
            return null;
        }

        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        var now = LogCanonical.Micro(clock.GetUtcNow());
        var (keyId, key) = await keys.SignerAsync(db, now, ct);
        using (key)
        {
            var root = new LogRootRow
            {
                Id = rootId, FirstEntryId = claimed[0].Id, LastEntryId = claimed[^1].Id, EntryCount = claimed.Count,
                MerkleRoot = MerkleTree.Root(claimed.Select(c => c.Leaf).ToList()), PreviousHash = previous?.RootHash ?? "",
                SignedAt = now, KeyId = keyId,
            };
            var text = LogCanonical.Root(root);
            root.RootHash = LogCanonical.Sha256Hex(text);
            root.Signature = LogKeys.Sign(key, text);
            db.Roots.Add(root);
            await db.SaveChangesAsync(ct);
            await AuditLog.AppendAsync(db, new AuditRecord("system:exchange-log", null, AuditAction, "exchange_log_root",
                rootId.ToString(CultureInfo.InvariantCulture), $"Sealed {root.EntryCount} exchange log entries {root.FirstEntryId}-{root.LastEntryId} under root {rootId}",
                $"{{\"rootHash\":\"{root.RootHash}\",\"merkleRoot\":\"{root.MerkleRoot}\",\"count\":{root.EntryCount}}}"), now, ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return root;
        }
    }
}

/// <summary>Runs the sealer every Exchange:Log:SealSeconds on every node with Exchange:Log:Sealer on (the lock makes
/// one seal at a time), and at once when this node's writer has written Exchange:Log:SealAfter entries since.</summary>
public sealed class LogSealerService(IServiceProvider services, StartupGate gate, ExchangeLogOptions options, LogSealSignal signal, ILogger<LogSealerService> logger)
    : PeriodicWorker(services, gate, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0.05, options.SealSeconds));

    protected override string FailureMessage => "Exchange log sealing failed; retrying";

    protected override bool RunsAtStart => true;

    protected override async Task<bool> WaitForNextAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(Interval, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    protected override Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct) =>
        options.Sealer ? scoped.GetRequiredService<LogSealer>().SealPendingAsync(ct) : Task.CompletedTask;
}
