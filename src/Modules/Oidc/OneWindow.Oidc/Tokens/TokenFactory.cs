using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Keys;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Tokens;

public sealed record IssuedToken(string Token, string Id, int ExpiresIn);

/// <summary>
/// Issues the provider's JWTs, all RS256 with the current key. Access tokens (typ at+jwt, RFC 9068) are for the
/// platform's APIs (aud = Oidc:ApiAudience) and carry the platform claims PlatformPrincipal reads; ID tokens are for the
/// client (aud = client_id). Claim names are those of <see cref="PlatformClaims"/>, with "name" and "role" as in OIDC.
/// </summary>
public sealed class TokenFactory(SigningKeyStore keys, OidcOptions options, TimeProvider clock)
{
    public const string NameClaim = "name";
    public const string RoleClaim = "role";
    public const string ClientIdClaim = "client_id";

    /// <summary>An access token for a client acting as itself (client credentials).</summary>
    public Task<IssuedToken> ClientAccessTokenAsync(string issuer, OidcClient client, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        var claims = new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = PlatformClaims.KindClient + ":" + client.ClientId,
            [PlatformClaims.Kind] = PlatformClaims.KindClient,
            [NameClaim] = client.Name,
        };
        if (client.DepartmentId is { } department)
        {
            claims[PlatformClaims.Department] = department.ToString(CultureInfo.InvariantCulture);
        }

        return AccessTokenAsync(issuer, client.ClientId, scopes, claims, NewTokenId(), ct);
    }

    /// <summary>An access token for a user, issued to the client the user signed in to, with the id (jti) the code
    /// redemption recorded.</summary>
    public Task<IssuedToken> UserAccessTokenAsync(string issuer, string clientId, UserSnapshot user, IReadOnlyList<string> scopes, DateTimeOffset authTime, string tokenId, CancellationToken ct)
    {
        var claims = UserClaims(user, includeProfile: true);
        claims["auth_time"] = authTime.ToUnixTimeSeconds();
        if (user.SessionId != null)
        {
            // Binds the token to the platform session it came from: the bearer check asks IAccountSessions about it.
            claims[PlatformClaims.SessionId] = user.SessionId;
        }
        return AccessTokenAsync(issuer, clientId, scopes, claims, tokenId, ct);
    }

    public static string NewTokenId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public async Task<string> IdTokenAsync(string issuer, string clientId, UserSnapshot user, IReadOnlyList<string> scopes, string? nonce, DateTimeOffset authTime, string accessToken, CancellationToken ct)
    {
        var key = await keys.SigningKeyAsync(ct);
        var now = clock.GetUtcNow();
        var claims = UserClaims(user, includeProfile: scopes.Contains(OidcScopes.Profile));
        claims["iss"] = issuer;
        claims["aud"] = clientId;
        claims["azp"] = clientId;
        claims["iat"] = now.ToUnixTimeSeconds();
        claims["exp"] = (now + options.IdTokenLifetime).ToUnixTimeSeconds();
        claims["auth_time"] = authTime.ToUnixTimeSeconds();
        claims["at_hash"] = LeftHalfHash(accessToken);
        if (nonce != null)
        {
            claims["nonce"] = nonce;
        }

        return JwtWriter.Sign(key, JwtWriter.IdTokenType, claims);
    }

    private async Task<IssuedToken> AccessTokenAsync(string issuer, string clientId, IReadOnlyList<string> scopes, Dictionary<string, object> claims, string id, CancellationToken ct)
    {
        var key = await keys.SigningKeyAsync(ct);
        var now = clock.GetUtcNow();
        claims["iss"] = issuer;
        claims["aud"] = options.ApiAudience;
        claims["iat"] = now.ToUnixTimeSeconds();
        claims["nbf"] = now.ToUnixTimeSeconds();
        claims["exp"] = (now + options.AccessTokenLifetime).ToUnixTimeSeconds();
        claims["jti"] = id;
        claims[ClientIdClaim] = clientId;
        claims[PlatformClaims.Scope] = string.Join(' ', scopes);
        return new IssuedToken(JwtWriter.Sign(key, JwtWriter.AccessTokenType, claims), id, (int)options.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>sub and kind always; name, department, region, roles, assurance and acting-for with the profile scope
    /// (an access token always carries them: the platform's APIs authorize by them).</summary>
    private static Dictionary<string, object> UserClaims(UserSnapshot user, bool includeProfile)
    {
        var claims = new Dictionary<string, object> { [PlatformClaims.Subject] = user.Subject, [PlatformClaims.Kind] = user.Kind };
        if (!includeProfile)
        {
            return claims;
        }

        claims[NameClaim] = user.Name;
        if (user.DepartmentId is { } department)
        {
            claims[PlatformClaims.Department] = department.ToString(CultureInfo.InvariantCulture);
        }

        if (user.RegionCode != null)
        {
            claims[PlatformClaims.Region] = user.RegionCode;
        }

        if (user.Roles.Count > 0)
        {
            claims[RoleClaim] = user.Roles.ToArray();
        }

        if (user.Assurance is { } assurance)
        {
            claims[PlatformClaims.Assurance] = assurance.ToString(CultureInfo.InvariantCulture);
        }

        if (user.ActingFor is { } enterprise)
        {
            claims[PlatformClaims.ActingFor] = enterprise.ToString(CultureInfo.InvariantCulture);
        }

        return claims;
    }

    /// <summary>OIDC at_hash: base64url of the left half of SHA-256 of the access token.</summary>
    private static string LeftHalfHash(string token)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        return Base64UrlEncoder.Encode(hash.AsSpan(0, hash.Length / 2).ToArray());
    }
}
