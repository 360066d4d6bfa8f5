using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Data;

namespace OneWindow.Oidc.Keys;

/// <summary>
/// The signing keys in memory, shared by every request on this node. Reloaded from the database after a rotation,
/// on the rotation loop's tick (so keys another node created are seen before they sign), and when a token names a kid
/// this node does not know but the database does.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, KeyProtector protector, TimeProvider clock)
{
    private readonly SemaphoreSlim reloading = new(1, 1);
    private volatile IReadOnlyList<KeyMaterial> keys = [];

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

    /// <summary>The published key with this kid, or null. A well-formed kid this node does not know is looked up in
    /// the database (one primary-key read) and, when another node has created it, the cache is reloaded.</summary>
    public async Task<KeyMaterial?> FindAsync(string kid, CancellationToken ct = default)
    {
        var found = Find(kid);
        if (found != null || !KeyMaterial.IsWellFormedKid(kid))
        {
            return found;
        }

        var now = clock.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OidcDbContext>();
            if (!await db.SigningKeys.AnyAsync(k => k.Kid == kid && (k.ExpiresAt == null || k.ExpiresAt > now), ct))
            {
                return null;
            }
        }

        await ReloadAsync(ct);
        return Find(kid);
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
    }
}
