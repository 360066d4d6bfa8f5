using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Refresh;

/// <summary>What a refresh came to: the user (with the claims the account carries now), the access token's scopes and
/// the successor refresh token; or the OAuth error to answer.</summary>
public sealed record RefreshExchange(UserSnapshot? User, IReadOnlyList<string> Scopes, string? NewToken, DateTimeOffset AuthTime, string? Error, string? Description)
{
    public static RefreshExchange Refused(string description, string error = "invalid_grant") => new(null, [], null, default, error, description);
}

/// <summary>
/// Refresh tokens with rotation and reuse detection. Only SHA-256 hashes are stored. Each use marks the presented token
/// used (atomically: UPDATE … WHERE used_at IS NULL AND revoked_at IS NULL, so of two concurrent uses on any nodes
/// exactly one wins) and issues its successor in the same family. A used token presented again means someone else
/// holds a copy: the whole family is revoked, the newest token too, and the reuse is audited. Before each rotation the
/// account is re-checked through <see cref="IAccountSessions"/> (when the identity module registers it): an ended
/// session or a disabled account revokes the family.
/// </summary>
public sealed class RefreshTokens(OidcDbContext db, OidcOptions options, TimeProvider clock, IServiceProvider services)
{
    private const int MaxTokenLength = 200;

    /// <summary>The first token of a new family, issued with a code exchange (audited in the same transaction).</summary>
    public async Task<string> IssueAsync(string clientId, UserSnapshot user, string scope, DateTimeOffset authTime, string accessTokenId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (token, row) = NewRow(clientId, user, scope, authTime, NewFamilyId(), now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord("client:" + clientId, null, "oidc.refresh.issued", "oidc_refresh_family", row.FamilyId,
            "签发刷新令牌（offline_access）", JsonSerializer.Serialize(new { subject = user.Subject, scope, jti = accessTokenId })), now, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return token;
    }

    /// <summary>grant_type=refresh_token for an authenticated <paramref name="client"/>; <paramref name="requested"/> null
    /// keeps the granted scopes, otherwise it must be a subset of them.</summary>
    public async Task<RefreshExchange> ExchangeAsync(OidcClient client, string? token, IReadOnlyList<string>? requested, string accessTokenId, CancellationToken ct)
    {
        if (token == null || token.Length > MaxTokenLength)
        {
            return RefreshExchange.Refused("缺少刷新令牌或刷新令牌无效");
        }

        var hash = Hash(token);
        var row = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = clock.GetUtcNow();
        if (row == null)
        {
            return RefreshExchange.Refused("刷新令牌无效");
        }

        if (row.ClientId != client.ClientId)
        {
            // Another client holds this client's token: refused, and recorded (the owner's token has leaked).
            await AuditAsync(client.ClientId, "oidc.refresh.wrong_client", row.FamilyId, "出示了其他客户端的刷新令牌：拒绝",
                new { owner = row.ClientId }, now, ct);
            return RefreshExchange.Refused("刷新令牌无效");
        }

        if (row.RevokedAt != null)
        {
            return RefreshExchange.Refused("刷新令牌已被撤销");
        }

        if (row.UsedAt != null)
        {
            await RevokeReusedAsync(row, now, ct);
            return RefreshExchange.Refused("刷新令牌已被使用：同一系列的令牌已全部撤销");
        }

        if (row.ExpiresAt <= now)
        {
            return RefreshExchange.Refused("刷新令牌已过期");
        }

        var granted = OidcScopes.Parse(row.Scope);
        var scopes = requested is { Count: > 0 } ? requested : granted;
        if (scopes.FirstOrDefault(s => !granted.Contains(s)) is { } wider)
        {
            return RefreshExchange.Refused($"范围 {wider} 超出了原授权范围（刷新只能缩小范围）", "invalid_scope");
        }

        if (!client.ScopeSet.Contains(OidcScopes.OfflineAccess) || !client.GrantTypeSet.Contains(OidcScopes.RefreshToken))
        {
            return RefreshExchange.Refused("该客户端已不再获准使用刷新令牌");
        }

        var user = UserSnapshot.FromJson(row.PrincipalJson);
        if (services.GetService<IAccountSessions>() is { } sessions)
        {
            var current = await sessions.CurrentClaimsAsync(user.ToPrincipal(), ct);
            if (current == null)
            {
                await RevokeFamilyAsync(row.FamilyId, RefreshRevocation.AccountInvalid, "client:" + client.ClientId, now, ct);
                return RefreshExchange.Refused("用户的登录会话已结束或账号已停用：请重新登录");
            }

            user = user.WithCurrent(current);
        }

        var (next, successor) = NewRow(client.ClientId, user, row.Scope, row.AuthTime, row.FamilyId, now);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var used = await db.RefreshTokens.Where(t => t.Id == row.Id && t.UsedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
            if (used == 0)
            {
                await transaction.RollbackAsync(ct);
                // Another use won a moment ago (or a revocation): this one is the replay.
                var again = await db.RefreshTokens.AsNoTracking().FirstAsync(t => t.Id == row.Id, ct);
                if (again.RevokedAt != null && again.UsedAt == null)
                {
                    return RefreshExchange.Refused("刷新令牌已被撤销");
                }

                await RevokeReusedAsync(again, now, ct);
                return RefreshExchange.Refused("刷新令牌已被使用：同一系列的令牌已全部撤销");
            }

            if (successor.ExpiresAt <= now)
            {
                // The family has reached its longest life: no successor, the user signs in again.
                await transaction.RollbackAsync(ct);
                return RefreshExchange.Refused("刷新令牌已达最长有效期，请重新登录");
            }

            db.RefreshTokens.Add(successor);
            await db.SaveChangesAsync(ct);
            await AuditLog.AppendAsync(db, new AuditRecord("client:" + client.ClientId, client.DepartmentId?.ToString(CultureInfo.InvariantCulture), "oidc.token.refreshed",
                "oidc_refresh_family", row.FamilyId, "刷新令牌轮换：签发新的访问令牌和刷新令牌",
                JsonSerializer.Serialize(new { subject = user.Subject, scope = string.Join(' ', scopes), jti = accessTokenId })), now, ct);
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        return new RefreshExchange(user, scopes, next, row.AuthTime, null, null);
    }

    /// <summary>The row of a refresh token, or null (for revocation and introspection).</summary>
    public Task<RefreshToken?> FindAsync(string token, CancellationToken ct)
    {
        if (token.Length > MaxTokenLength)
        {
            return Task.FromResult<RefreshToken?>(null);
        }

        var hash = Hash(token);
        return db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
    }

    /// <summary>Revokes every token of a family that is not revoked yet, with the audit entry, in one transaction.</summary>
    public async Task RevokeFamilyAsync(string familyId, string reason, string actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = await RevokeWithinAsync(db.RefreshTokens.Where(t => t.FamilyId == familyId), reason, now, ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor, null, "oidc.refresh.revoked", "oidc_refresh_family", familyId,
            "撤销刷新令牌系列", JsonSerializer.Serialize(new { reason, tokens = count })), now, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Revokes every live refresh token of a client, inside the caller's transaction (client disabled).</summary>
    public Task<int> RevokeClientWithinAsync(string clientId, string reason, DateTimeOffset now, CancellationToken ct) =>
        RevokeWithinAsync(db.RefreshTokens.Where(t => t.ClientId == clientId), reason, now, ct);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static Task<int> RevokeWithinAsync(IQueryable<RefreshToken> tokens, string reason, DateTimeOffset now, CancellationToken ct) =>
        tokens.Where(t => t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), ct);

    private async Task RevokeReusedAsync(RefreshToken row, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var count = await RevokeWithinAsync(db.RefreshTokens.Where(t => t.FamilyId == row.FamilyId), RefreshRevocation.Reused, now, ct);
        await AuditLog.AppendAsync(db, new AuditRecord("client:" + row.ClientId, null, "oidc.refresh.reused", "oidc_refresh_family", row.FamilyId,
            "已使用的刷新令牌被再次出示：撤销整个系列，应视为已泄露", JsonSerializer.Serialize(new { subject = row.Subject, revoked = count })), now, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task AuditAsync(string clientId, string action, string familyId, string summary, object data, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord("client:" + clientId, null, action, "oidc_refresh_family", familyId, summary, JsonSerializer.Serialize(data)), now, ct);
        await transaction.CommitAsync(ct);
    }

    private (string Token, RefreshToken Row) NewRow(string clientId, UserSnapshot user, string scope, DateTimeOffset authTime, string familyId, DateTimeOffset now)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var sliding = now + options.RefreshTokenLifetime;
        var longest = authTime + options.RefreshFamilyLifetime;
        return (token, new RefreshToken
        {
            TokenHash = Hash(token),
            FamilyId = familyId,
            ClientId = clientId,
            Subject = user.Subject,
            SessionId = user.SessionId,
            Scope = scope,
            PrincipalJson = user.ToJson(),
            AuthTime = authTime,
            CreatedAt = now,
            ExpiresAt = sliding < longest ? sliding : longest,
        });
    }

    private static string NewFamilyId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
}
