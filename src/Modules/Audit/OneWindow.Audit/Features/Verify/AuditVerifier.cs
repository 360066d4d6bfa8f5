using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;
using OneWindow.Audit.Domain;
using OneWindow.Audit.Features.Sealing;

namespace OneWindow.Audit.Features.Verify;

/// <summary>What verification found: <see cref="FirstBad"/> is the seq where the first problem shows, null when ok.</summary>
public sealed record VerifyResult(bool Ok, long Checked, long? FirstBad, string? Problem);

/// <summary>
/// Recomputes the chain over the sealed entries in seq order, a batch at a time, inside one read snapshot (so the
/// sealer working meanwhile cannot make a good chain look broken). Stops at the first problem and says what it is.
/// </summary>
public sealed class AuditVerifier(AuditDbContext db, TimeProvider clock)
{
    public const int BatchSize = 1000;

    /// <summary>The sealer seals within seconds; an entry still unsealed after this means sealing is stuck or was bypassed.</summary>
    public static readonly TimeSpan MaxUnsealedAge = TimeSpan.FromMinutes(1);

    public async Task<VerifyResult> VerifyAsync(CancellationToken ct = default)
    {
        await using var transaction = await BeginSnapshotAsync(ct);
        var now = clock.GetUtcNow();
        var previous = AuditChain.Genesis;
        long previousSeq = 0;
        long checkedCount = 0;
        long after = 0;
        while (true)
        {
            var batch = await db.Entries.AsNoTracking().Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(BatchSize).ToListAsync(ct);
            foreach (var entry in batch)
            {
                if (entry.Seal == null)
                {
                    if (entry.OccurredAt < now - MaxUnsealedAge)
                    {
                        return new VerifyResult(false, checkedCount, entry.Seq, $"entry {entry.Seq} is still unsealed after more than a minute (recorded {entry.OccurredAt:O})");
                    }

                    continue;
                }

                if (AuditChain.Seal(previous, entry) != entry.Seal)
                {
                    return new VerifyResult(false, checkedCount, entry.Seq, await DiagnoseAsync(previous, previousSeq, entry, ct));
                }

                previous = entry.Seal;
                previousSeq = entry.Seq;
                checkedCount++;
            }

            if (batch.Count < BatchSize)
            {
                await transaction.CommitAsync(ct);
                return new VerifyResult(true, checkedCount, null, null);
            }

            after = batch[^1].Seq;
        }
    }

    /// <summary>The entry's seal does not follow from the chain so far. Tell apart: a swapped pair (the next sealed entry
    /// would chain here at this seq), something removed or altered before it (its seq does not follow the last good one,
    /// or its own seal still chains onward), and an edit of the entry itself.</summary>
    private async Task<string> DiagnoseAsync(string previous, long previousSeq, AuditEntry entry, CancellationToken ct)
    {
        var next = await db.Entries.AsNoTracking().Where(e => e.Seq > entry.Seq && e.Seal != null).OrderBy(e => e.Seq).FirstOrDefaultAsync(ct);
        if (next != null && AuditChain.Seal(previous, next, entry.Seq) == next.Seal)
        {
            return $"entries {entry.Seq} and {next.Seq} were reordered (their seq values were swapped)";
        }

        if (entry.Seq != previousSeq + 1)
        {
            return $"entry before seq {entry.Seq} missing or altered (the chain breaks after seq {previousSeq})";
        }

        return $"entry {entry.Seq} was edited: its seal does not match its content";
    }

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginSnapshotAsync(CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        }

        // A deferred SQLite transaction reads one snapshot (WAL) without taking the write lock writers need.
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var sqlite = connection.BeginTransaction(deferred: true);
        return await db.Database.UseTransactionAsync(sqlite, ct) ?? throw new InvalidOperationException("No transaction");
    }
}
