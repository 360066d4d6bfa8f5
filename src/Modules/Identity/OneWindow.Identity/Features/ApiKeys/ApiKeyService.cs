using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.ApiKeys;

/// <summary>What a key looks like in lists and on GET /api/v1/api-keys/current: never the secret.</summary>
public sealed record ApiKeyView(long Id, string Prefix, string Name, IReadOnlyList<string> Scopes, int PermitPerMinute,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    /// <summary>active | expired | revoked.</summary>
    public string Status(DateTimeOffset now) => RevokedAt != null ? "revoked" : ExpiresAt <= now ? "expired" : "active";

    internal static ApiKeyView From(ApiKey key) => new(key.Id, key.Prefix, key.Name, SplitScopes(key.Scopes), key.PermitPerMinute,
        key.CreatedAt, key.LastUsedAt, key.ExpiresAt, key.RevokedAt);

    internal static IReadOnlyList<string> SplitScopes(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A new key: the key itself is in this answer only, never again.</summary>
public sealed record CreatedApiKey(ApiKeyView View, string Key);

/// <summary>Creating a key: a name, scopes (each registered for API keys), an optional lower per-minute permit and an
/// optional lifetime in days (none: the key does not expire).</summary>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes, int? PermitPerMinute, int? ExpiresInDays);

/// <summary>The key a request presented, when it is good: its owner and what it may do.</summary>
public sealed record ApiKeyCaller(long KeyId, long CitizenId, string OwnerName, int Assurance, IReadOnlyList<string> Scopes, int PermitPerMinute);

/// <summary>
/// API keys (docs/identity.md): a citizen creates, lists and revokes their own (creation and revocation audited in the
/// same transaction, as identity.api_key.created / revoked); the "ApiKey" scheme checks presented keys. A key works
/// while it is neither revoked nor expired and its owner may sign in; the look-up reads key and owner in one query.
/// </summary>
public sealed class ApiKeyService(IdentityDbContext db, ApiKeySettings settings, IEnumerable<ApiScope> registeredScopes, TimeProvider clock)
{
    public const int MaxName = 100;

    /// <summary>The scopes an API key may hold: those registered with <see cref="ApiScope.ApiKeys"/>.</summary>
    public IReadOnlyList<ApiScope> KeyableScopes { get; } = new ApiScopeCatalog(registeredScopes).All.Where(s => s.ApiKeys).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(long citizenId, CancellationToken ct) =>
        (await db.ApiKeys.AsNoTracking().Where(k => k.CitizenId == citizenId).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(ct))
        .Select(ApiKeyView.From).ToList();

    public async Task<Outcome<CreatedApiKey>> CreateAsync(long citizenId, CreateApiKeyRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxName || name.Any(char.IsControl))
        {
            errors.Add("name", IdentityText.T("identity.api_key_name", MaxName));
        }

        var scopes = (request.Scopes ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.FirstOrDefault(s => !KeyableScopes.Any(k => k.Name == s)) is { } refused)
        {
            errors.Add("scopes", IdentityText.T("identity.api_key_scope", refused.Length > 60 ? refused[..60] : refused));
        }

        var permit = request.PermitPerMinute ?? settings.PermitPerMinute;
        if (permit < 1 || permit > settings.PermitPerMinute)
        {
            errors.Add("permitPerMinute", IdentityText.T("identity.api_key_permit", settings.PermitPerMinute));
        }

        if (request.ExpiresInDays is { } days && (days < 1 || days > settings.MaxLifetimeDays))
        {
            errors.Add("expiresInDays", IdentityText.T("identity.api_key_lifetime", settings.MaxLifetimeDays));
        }

        if (!errors.IsValid)
        {
            return IdentityText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var live = await db.ApiKeys.CountAsync(k => k.CitizenId == citizenId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), ct);
        if (live >= settings.MaxKeysPerCitizen)
        {
            return IdentityText.Fail(FailureKind.Conflict, "identity.api_key_too_many", settings.MaxKeysPerCitizen);
        }

        var (key, prefix, hash) = ApiKeyFormat.New();
        var row = new ApiKey
        {
            Prefix = prefix,
            SecretHash = hash,
            CitizenId = citizenId,
            Name = name,
            Scopes = string.Join(' ', scopes),
            PermitPerMinute = permit,
            CreatedAt = now,
            ExpiresAt = request.ExpiresInDays is { } lifetime ? now.AddDays(lifetime) : null,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        await AuditAsync(citizenId, "identity.api_key.created", row, "创建 API 密钥", new { prefix, scopes, permitPerMinute = permit, expiresAt = row.ExpiresAt }, now, ct);
        await transaction.CommitAsync(ct);
        return new CreatedApiKey(ApiKeyView.From(row), key);
    }

    /// <summary>Revokes one of the citizen's own keys at once (idempotent). Another citizen's key is "not found".</summary>
    public async Task<Outcome<ApiKeyView>> RevokeAsync(long citizenId, long id, CancellationToken ct)
    {
        var row = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.CitizenId == citizenId, ct);
        if (row == null)
        {
            return IdentityText.Fail(FailureKind.NotFound, "identity.api_key_not_found");
        }

        if (row.RevokedAt != null)
        {
            return ApiKeyView.From(row);
        }

        var now = clock.GetUtcNow();
        row.RevokedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditAsync(citizenId, "identity.api_key.revoked", row, "撤销 API 密钥", new { prefix = row.Prefix }, now, ct);
        await transaction.CommitAsync(ct);
        return ApiKeyView.From(row);
    }

    /// <summary>The key's own view, for its holder (GET /api/v1/api-keys/current).</summary>
    public async Task<(ApiKeyView View, string OwnerName)?> CurrentAsync(long keyId, CancellationToken ct)
    {
        var found = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId)
            .Join(db.Citizens, k => k.CitizenId, c => c.Id, (k, c) => new { Key = k, c.Name }).FirstOrDefaultAsync(ct);
        return found == null ? null : (ApiKeyView.From(found.Key), found.Name);
    }

    /// <summary>
    /// Checks a presented key: the caller, or the code of why it is refused (identity.api_key_invalid for a malformed,
    /// unknown or altered key; …_revoked, …_expired). Key and owner come from one query (an owner status that stops
    /// sign-in belongs in its WHERE clause); the hashes are compared in constant time. The key's last use is written at most once a minute.
    /// </summary>
    public async Task<(ApiKeyCaller? Caller, string? Refusal)> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        if (!ApiKeyFormat.TryParse(presented, out var prefix, out var secret))
        {
            return (null, "identity.api_key_invalid");
        }

        var now = clock.GetUtcNow();
        var found = await db.ApiKeys.AsNoTracking().Where(k => k.Prefix == prefix)
            .Join(db.Citizens, k => k.CitizenId, c => c.Id, (k, c) => new
            {
                k.Id, k.SecretHash, k.Scopes, k.PermitPerMinute, k.ExpiresAt, k.RevokedAt, k.LastUsedAt,
                k.CitizenId, c.Name, c.AssuranceLevel,
            })
            .FirstOrDefaultAsync(ct);
        var hash = ApiKeyFormat.Hash(secret);
        if (found == null || !ApiKeyFormat.HashEquals(hash, found.SecretHash))
        {
            return (null, "identity.api_key_invalid");
        }

        if (found.RevokedAt != null)
        {
            return (null, "identity.api_key_revoked");
        }

        if (found.ExpiresAt <= now)
        {
            return (null, "identity.api_key_expired");
        }

        if (found.LastUsedAt == null || found.LastUsedAt <= now.AddMinutes(-1))
        {
            var before = now.AddMinutes(-1);
            await db.ApiKeys.Where(k => k.Id == found.Id && (k.LastUsedAt == null || k.LastUsedAt <= before))
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);
        }

        return (new ApiKeyCaller(found.Id, found.CitizenId, found.Name, (int)found.AssuranceLevel, ApiKeyView.SplitScopes(found.Scopes), found.PermitPerMinute), null);
    }

    private Task AuditAsync(long citizenId, string action, ApiKey key, string summary, object data, DateTimeOffset now, CancellationToken ct) =>
        AuditLog.AppendAsync(db, new AuditRecord(Subjects.Citizen(citizenId), null, action, "api_key", key.Id.ToString(CultureInfo.InvariantCulture), summary,
            JsonSerializer.Serialize(data)), now, ct);
}
