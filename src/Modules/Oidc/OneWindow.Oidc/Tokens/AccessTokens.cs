using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Tokens;

/// <summary>
/// An access token as the platform's APIs accept it, per request: a valid signature, issuer, audience, type and lifetime
/// (<see cref="TokenValidator"/>), a jti nobody revoked (/connect/revoke), and for a user's token (kind citizen or
/// staff) an account and session that are still current (<see cref="IAccountSessions"/>, when registered): the
/// principal then carries the account's current claims, but the token's own scope, never wider.
/// </summary>
public sealed class AccessTokens(TokenValidator validator, OidcDbContext db, TimeProvider clock, IServiceProvider services)
{
    /// <summary>Claims that describe the token rather than the person: kept from the token when the person's claims
    /// are replaced by the account's current ones.</summary>
    private static readonly HashSet<string> TokenFacts =
    [
        PlatformClaims.Scope, PlatformClaims.SessionId, TokenFactory.ClientIdClaim, "jti", "iss", "aud", "exp", "iat", "nbf", "auth_time",
    ];

    public async Task<ClaimsPrincipal?> AuthenticateAsync(string token, string issuer, string authenticationType, CancellationToken ct)
    {
        var principal = await validator.ValidateAccessTokenAsync(token, issuer, authenticationType, ct);
        if (principal == null)
        {
            return null;
        }

        var jti = principal.FindFirstValue("jti");
        if (jti == null || await db.RevokedAccessTokens.AsNoTracking().AnyAsync(r => r.Jti == jti, ct))
        {
            return null;
        }

        var kind = principal.FindFirstValue(PlatformClaims.Kind);
        if (kind is not (PlatformClaims.KindCitizen or PlatformClaims.KindStaff) || services.GetService<IAccountSessions>() is not { } sessions)
        {
            return principal;
        }

        var current = await sessions.CurrentClaimsAsync(principal, ct);
        if (current == null)
        {
            return null;
        }

        // The account's claims now (roles revoked, agency ended…), the token's own scope and facts: never wider.
        var claims = current.Where(c => !TokenFacts.Contains(c.Type)).ToList();
        claims.AddRange(principal.Claims.Where(c => TokenFacts.Contains(c.Type)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, PlatformClaims.Name, PlatformClaims.Role));
    }

    /// <summary>Refuses an access token (by jti) until it expires, with the audit entry, in one transaction. Idempotent.</summary>
    public async Task RevokeAsync(ClaimsPrincipal token, string actorClientId, CancellationToken ct)
    {
        var jti = token.FindFirstValue("jti");
        if (jti == null || !long.TryParse(token.FindFirstValue("exp"), NumberStyles.None, CultureInfo.InvariantCulture, out var exp))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.RevokedAccessTokens.AnyAsync(r => r.Jti == jti, ct))
        {
            return;
        }

        db.RevokedAccessTokens.Add(new RevokedAccessToken
        {
            Jti = jti,
            ClientId = actorClientId,
            RevokedAt = now,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(exp) + OidcOptions.ClockSkew,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await AuditLog.AppendAsync(db, new AuditRecord("client:" + actorClientId, null, "oidc.token.revoked", "oidc_access_token", jti,
                "客户端撤销访问令牌", JsonSerializer.Serialize(new { subject = token.FindFirstValue(PlatformClaims.Subject) })), now, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same token revoked at the same moment by another request: it is revoked, which is all that was asked.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
