using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;

namespace OneWindow.Audit.Features.Sealing;

/// <summary>
/// Seals committed entries in seq order. Writers only insert; hashing happens here, one node at a time, so writers
/// never queue on the chain's tail. The lock: PostgreSQL pg_try_advisory_xact_lock (another node holding it means
/// this tick does nothing); SQLite an IMMEDIATE transaction (the database write lock, waited for).
/// </summary>
public sealed class AuditSealer(AuditDbContext db, TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <summary>Identity values are taken before commit, so seq N+1 can be visible while N is still in flight, and a
    /// rollback loses N for good. A gap is waited on until the entry after it is this old; then it is a rollback.</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromSeconds(10);

    // Any constant; the same on every node, different from the migration lock.
    private const long PostgresLockKey = 0x4F57417564697400; // "OWAudit"

    /// <summary>Seals what can be sealed now; returns how many entries it sealed (0 if another node holds the lock).</summary>
    public async Task<int> SealPendingAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var sealedNow = await SealBatchAsync(ct);
            total += sealedNow;
            if (sealedNow < BatchSize)
            {
                return total;
            }
        }
    }

    private async Task<int> SealBatchAsync(CancellationToken ct)
    {
        // Most ticks find nothing to do: look (through the small partial index) before taking any lock, so idle nodes
        // do not take SQLite's write lock every second.
        if (!await db.Entries.AnyAsync(e => e.Seal == null, ct))
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            var locked = await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock({0}) AS \"Value\"", PostgresLockKey).SingleAsync(ct);
            if (!locked)
            {
                return 0;
            }
        }

        var last = await db.Entries.AsNoTracking().Where(e => e.Seal != null).OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Seal }).FirstOrDefaultAsync(ct);
        var lastSeq = last?.Seq ?? 0;
        var previous = last?.Seal ?? AuditChain.Genesis;
        var pending = await db.Entries.Where(e => e.Seal == null && e.Seq > lastSeq).OrderBy(e => e.Seq).Take(BatchSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var count = 0;
        foreach (var entry in pending)
        {
            if (entry.Seq != lastSeq + 1 && entry.OccurredAt > now - GapGrace)
            {
                // The missing seq may still commit: wait for it (or for the grace period to pass).
                break;
            }

            entry.Seal = AuditChain.Seal(previous, entry);
            entry.SealedAt = now;
            previous = entry.Seal;
            lastSeq = entry.Seq;
            count++;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return count;
    }
}
