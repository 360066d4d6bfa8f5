using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Audit;

namespace OneWindow.Oidc.Codes;

/// <summary>What redeeming a code came to: the code's row, or the error to answer (always invalid_grant).</summary>
public sealed record Redemption(AuthorizationCode? Code, string? Error)
{
    public static Redemption Refused(string description) => new(null, description);
}

/// <summary>
/// Issues one-time codes (only the SHA-256 hash is stored) and redeems them. Redeeming consumes the code atomically
/// (UPDATE … WHERE consumed_at IS NULL), so of two concurrent exchanges on any nodes exactly one wins. A second use is
/// a replay: refused, and audited with the access token the first use produced, which must be treated as leaked.
/// </summary>
public sealed class AuthorizationCodes(OidcDbContext db, OidcOptions options, TimeProvider clock)
{
    public async Task<string> IssueAsync(string clientId, UserSnapshot user, string redirectUri, string codeChallenge, IReadOnlyList<string> scopes, string? nonce, DateTimeOffset authTime, CancellationToken ct)
    {
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.AuthorizationCodes.Add(new AuthorizationCode
        {
            CodeHash = Hash(code),
            ClientId = clientId,
            Subject = user.Subject,
            RedirectUri = redirectUri,
            CodeChallenge = codeChallenge,
            Scope = string.Join(' ', scopes),
            Nonce = nonce,
            PrincipalJson = user.ToJson(),
            AuthTime = authTime,
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(options.AuthorizationCodeSeconds),
        });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return code;
    }

    /// <summary>Checks and consumes a code for <paramref name="clientId"/>; on success records the access token id
    /// (jti) and appends the audit entry of the issuance in the same transaction.</summary>
    public async Task<Redemption> RedeemAsync(string clientId, string? code, string? redirectUri, string? verifier, string accessTokenId, CancellationToken ct)
    {
        if (code == null || code.Length > 200)
        {
            return Redemption.Refused("缺少授权码或授权码无效");
        }

        var hash = Hash(code);
        var row = await db.AuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, ct);
        var now = clock.GetUtcNow();
        if (row == null || row.ClientId != clientId)
        {
            return Redemption.Refused("授权码无效");
        }

        if (row.ConsumedAt != null)
        {
            await AuditReplayAsync(row, now, ct);
            return Redemption.Refused("授权码已被使用");
        }

        if (row.ExpiresAt <= now)
        {
            return Redemption.Refused("授权码已过期");
        }

        if (redirectUri != row.RedirectUri)
        {
            return Redemption.Refused("redirect_uri 与授权请求中的不一致");
        }

        if (!Pkce.IsVerifier(verifier) || !Pkce.Matches(verifier!, row.CodeChallenge))
        {
            return Redemption.Refused("code_verifier 与 code_challenge 不匹配");
        }

        if (!await ConsumeAsync(row, now, accessTokenId, ct))
        {
            // Another exchange won the race a moment ago: this one is the replay.
            var winner = await db.AuthorizationCodes.AsNoTracking().FirstAsync(c => c.Id == row.Id, ct);
            await AuditReplayAsync(winner, now, ct);
            return Redemption.Refused("授权码已被使用");
        }

        return new Redemption(row, null);
    }

    private async Task<bool> ConsumeAsync(AuthorizationCode row, DateTimeOffset now, string accessTokenId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var consumed = await db.AuthorizationCodes.Where(c => c.Id == row.Id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now).SetProperty(c => c.AccessTokenId, accessTokenId), ct);
        if (consumed == 0)
        {
            return false;
        }

        await AuditLog.AppendAsync(db, new AuditRecord("client:" + row.ClientId, null, "oidc.token.issued", "oidc_client", row.ClientId,
            "向客户端签发用户令牌（授权码）", JsonSerializer.Serialize(new { grant = OidcScopes.AuthorizationCode, subject = row.Subject, scope = row.Scope, jti = accessTokenId })), now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task AuditReplayAsync(AuthorizationCode row, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord("client:" + row.ClientId, null, "oidc.code.replayed", "oidc_authorization_code",
            row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "授权码被重复使用：拒绝；首次换取的令牌应视为已泄露",
            JsonSerializer.Serialize(new { subject = row.Subject, firstAccessTokenJti = row.AccessTokenId })), now, ct);
        await transaction.CommitAsync(ct);
    }

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
