using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Keys;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Tokens;

/// <summary>
/// Checks the provider's own JWTs: RS256 only (alg none, HS256 and anything else refused before any key is looked
/// at), a kid naming one of our published keys, the signature with that key alone, issuer, audience, type and
/// lifetime (30 s skew, the platform clock). Never logs the token.
/// </summary>
public sealed class TokenValidator(SigningKeyStore keys, OidcOptions options, TimeProvider clock)
{
    /// <summary>Longer than any token we issue; longer input is refused unread.</summary>
    private const int MaxTokenLength = 8192;

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <summary>The platform principal of a valid access token, or null.</summary>
    public async Task<ClaimsPrincipal?> ValidateAccessTokenAsync(string token, string issuer, string authenticationType, CancellationToken ct)
    {
        var result = await ValidateAsync(token, issuer, options.ApiAudience, JwtWriter.AccessTokenType, validateLifetime: true, ct);
        return result == null ? null : new ClaimsPrincipal(ToPlatformIdentity(result, authenticationType));
    }

    /// <summary>An ID token we issued (expired ones too, as end-session hints may be), with its audience (client id).</summary>
    public async Task<(string Subject, string ClientId)?> ReadIdTokenHintAsync(string token, string issuer, CancellationToken ct)
    {
        var result = await ValidateAsync(token, issuer, null, JwtWriter.IdTokenType, validateLifetime: false, ct);
        if (result == null)
        {
            return null;
        }

        var audiences = result.Audiences.ToList();
        return audiences.Count == 1 && result.Subject is { Length: > 0 } subject ? (subject, audiences[0]) : null;
    }

    private async Task<JsonWebToken?> ValidateAsync(string token, string issuer, string? audience, string type, bool validateLifetime, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Handler.CanReadToken(token))
        {
            return null;
        }

        JsonWebToken parsed;
        try
        {
            parsed = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (parsed.IsEncrypted || parsed.Alg != SecurityAlgorithms.RsaSha256 || string.IsNullOrEmpty(parsed.Kid))
        {
            return null;
        }

        var key = await keys.FindAsync(parsed.Kid, ct);
        if (key == null)
        {
            return null;
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = audience != null,
            ValidAudience = audience,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = [type],
            IssuerSigningKey = key.PublicKey,
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = validateLifetime,
            ClockSkew = OidcOptions.ClockSkew,
            // On the platform clock (TimeProvider), not the machine's: the library's own check would read DateTime.UtcNow.
            LifetimeValidator = validateLifetime ? (notBefore, expires, _, _) => WithinLifetime(notBefore, expires) : null,
            NameClaimType = TokenFactory.NameClaim,
            RoleClaimType = TokenFactory.RoleClaim,
        };
        var result = await Handler.ValidateTokenAsync(parsed, parameters);
        return result.IsValid ? parsed : null;
    }

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires != null && expires.Value > now - OidcOptions.ClockSkew && (notBefore == null || notBefore.Value <= now + OidcOptions.ClockSkew);
    }

    /// <summary>The JWT claims under the names the platform reads (PlatformClaims): name and role mapped to the
    /// ClaimTypes the cookie session uses, the rest as they are.</summary>
    private static ClaimsIdentity ToPlatformIdentity(JsonWebToken token, string authenticationType)
    {
        var claims = new List<Claim>();
        foreach (var claim in token.Claims)
        {
            var type = claim.Type switch
            {
                TokenFactory.NameClaim => PlatformClaims.Name,
                TokenFactory.RoleClaim => PlatformClaims.Role,
                _ => claim.Type,
            };
            claims.Add(new Claim(type, claim.Value, claim.ValueType, claim.Issuer));
        }

        return new ClaimsIdentity(claims, authenticationType, PlatformClaims.Name, PlatformClaims.Role);
    }
}
