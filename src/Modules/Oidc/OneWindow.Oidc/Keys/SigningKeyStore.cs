using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Data;

namespace OneWindow.Oidc.Keys;

/// <summary>
/// The signing keys in memory, shared by every request on this node. Reloaded from the database after a rotation,
/// on the rotation loop's tick (so keys another node created are seen), and when a token names a kid this node does
/// not know (at most once a second, so made-up kids cannot turn into a query per request).
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, KeyProtector protector, TimeProvider clock)
{
    private static readonly TimeSpan UnknownKidReloadInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile IReadOnlyList<KeyMaterial> keys = [];
    private long lastReloadTimestamp;

    public async Task ReloadAsync(CancellationToken ct = default)
    {
        await reloading.WaitAsync(ct);
        try
        {
            await ReloadLockedAsync(ct);
        }
        finally
        {
            reloading.Release();
        }
    }

    /// <summary>The key that signs now: the newest whose signing period has begun and not ended.</summary>
    public async Task<KeyMaterial> SigningKeyAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var key = PickSigningKey(now);
        if (key == null)
        {
            await ReloadAsync(ct);
            key = PickSigningKey(now);
        }

        return key ?? throw new InvalidOperationException("No signing key is active; the key rotation start-up task has not run.");
    }

    /// <summary>The keys published in JWKS now (active, pre-published and retired-but-not-expired).</summary>
    public async Task<IReadOnlyList<KeyMaterial>> PublishedAsync(CancellationToken ct = default)
    {
        if (keys.Count == 0)
        {
            await ReloadAsync(ct);
        }

        var now = clock.GetUtcNow();
        return keys.Where(k => k.IsPublishedAt(now)).OrderBy(k => k.NotBefore).ToList();
    }

    /// <summary>The published key with this kid, or null. An unknown kid triggers a (rate-limited) reload.</summary>
    public async Task<KeyMaterial?> FindAsync(string kid, CancellationToken ct = default)
    {
        var found = Find(kid);
        if (found != null)
        {
            return found;
        }

        await reloading.WaitAsync(ct);
        try
        {
            found = Find(kid);
            var last = Interlocked.Read(ref lastReloadTimestamp);
            if (found == null && (last == 0 || clock.GetElapsedTime(last) >= UnknownKidReloadInterval))
            {
                await ReloadLockedAsync(ct);
                found = Find(kid);
            }
        }
        finally
        {
            reloading.Release();
        }

        return found;
    }

    private KeyMaterial? Find(string kid)
    {
        var now = clock.GetUtcNow();
        return keys.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal) && k.IsPublishedAt(now));
    }

    private KeyMaterial? PickSigningKey(DateTimeOffset now) =>
        keys.Where(k => k.CanSignAt(now)).OrderByDescending(k => k.NotBefore).FirstOrDefault();

    private async Task ReloadLockedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OidcDbContext>();
        var rows = await db.SigningKeys.AsNoTracking().ToListAsync(ct);
        var now = clock.GetUtcNow();
        keys = rows.Where(r => r.ExpiresAt == null || r.ExpiresAt > now).Select(r => KeyMaterial.Load(r, protector, now)).ToList();
        Interlocked.Exchange(ref lastReloadTimestamp, clock.GetTimestamp());
    }
}
