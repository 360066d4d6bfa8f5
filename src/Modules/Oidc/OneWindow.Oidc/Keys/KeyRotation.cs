using Microsoft.EntityFrameworkCore;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Audit;

namespace OneWindow.Oidc.Keys;

/// <summary>
/// Keeps the signing keys current. One key signs at a time. When it is older than the key lifetime minus the
/// pre-publication period, a successor is created and published at once; it starts signing when the current key's
/// lifetime ends (the current key's active_until). A retired key stays published until every token it signed has
/// expired (expires_at), then it is deleted. Runs under a database lock (PostgreSQL pg_advisory_xact_lock, SQLite an
/// IMMEDIATE transaction), re-reading the keys inside it, so nodes rotating together create one key, not two.
/// </summary>
public sealed class KeyRotation(OidcDbContext db, KeyProtector protector, SigningKeyStore store, OidcOptions options, TimeProvider clock)
{
    // Any constant; the same on every node, different from the migration and audit locks.
    private const long PostgresLockKey = 0x4F574F6964634B79; // "OWOidcKy"

    /// <summary>Creates and retires keys as due; returns true when it changed anything. Always refreshes this node's cache.</summary>
    public async Task<bool> RotateAsync(CancellationToken ct = default)
    {
        // Most ticks have nothing to do: look first, without the write lock.
        var now = clock.GetUtcNow();
        var snapshot = await db.SigningKeys.AsNoTracking().ToListAsync(ct);
        if (Plan(snapshot, now) == Work.None)
        {
            await store.ReloadAsync(ct);
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [PostgresLockKey], ct);
        }

        now = clock.GetUtcNow();
        var keys = await db.SigningKeys.ToListAsync(ct);
        var changed = false;
        foreach (var expired in keys.Where(k => k.ExpiresAt <= now).ToList())
        {
            db.SigningKeys.Remove(expired);
            keys.Remove(expired);
            await AuditAsync("oidc.key.dropped", expired.Kid, "签名密钥已过保留期，从 JWKS 移除", now, ct);
            changed = true;
        }

        var current = Current(keys, now);
        var next = keys.Where(k => k.NotBefore > now).OrderByDescending(k => k.NotBefore).FirstOrDefault();
        if (current == null)
        {
            // First start, or the clock jumped past every key's signing period: a key that signs from now on.
            var key = KeyMaterial.Generate(protector, now, now);
            foreach (var old in keys.Where(k => k.ActiveUntil == null || k.ActiveUntil > now))
            {
                Retire(old, now);
            }

            db.SigningKeys.Add(key);
            await AuditAsync("oidc.key.created", key.Kid, "创建令牌签名密钥（RS256）", now, ct);
            changed = true;
        }
        else if (next == null && now >= current.NotBefore + options.KeyLifetime - options.KeyPrePublish)
        {
            var takeOver = current.NotBefore + options.KeyLifetime;
            var key = KeyMaterial.Generate(protector, now, takeOver > now ? takeOver : now);
            Retire(current, key.NotBefore);
            db.SigningKeys.Add(key);
            await AuditAsync("oidc.key.created", key.Kid, "轮换令牌签名密钥：新密钥已发布", now, ct);
            changed = true;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        await store.ReloadAsync(ct);
        return changed;
    }

    private enum Work
    {
        None,
        Some,
    }

    private Work Plan(IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        if (keys.Any(k => k.ExpiresAt <= now))
        {
            return Work.Some;
        }

        var current = Current(keys, now);
        if (current == null)
        {
            return Work.Some;
        }

        var hasNext = keys.Any(k => k.NotBefore > now);
        return !hasNext && now >= current.NotBefore + options.KeyLifetime - options.KeyPrePublish ? Work.Some : Work.None;
    }

    private static SigningKey? Current(IEnumerable<SigningKey> keys, DateTimeOffset now) =>
        keys.Where(k => k.NotBefore <= now && (k.ActiveUntil == null || k.ActiveUntil > now)).OrderByDescending(k => k.NotBefore).FirstOrDefault();

    private void Retire(SigningKey key, DateTimeOffset until)
    {
        key.ActiveUntil = until;
        key.ExpiresAt = until + options.KeyRetention;
    }

    private Task AuditAsync(string action, string kid, string summary, DateTimeOffset now, CancellationToken ct) =>
        AuditLog.AppendAsync(db, new AuditRecord("system", null, action, "oidc_signing_key", kid, summary), now, ct);
}
