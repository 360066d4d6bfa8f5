using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Refresh;
using OneWindow.Oidc.Tokens;

namespace OneWindow.Oidc.Endpoints;

/// <summary>
/// POST /connect/revoke (RFC 7009): an authenticated client revokes one of its own tokens. A refresh token revokes its
/// whole family; an access token's jti is refused by the bearer check until the token expires. Tokens that are unknown,
/// expired, already revoked or another client's answer 200 all the same (§2.2: nothing to tell the caller), and change
/// nothing. Revocations are audited.
/// </summary>
internal static class RevocationEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, RefreshTokens refreshTokens, TokenValidator validator, AccessTokens accessTokens,
        OidcIssuer issuers, TimeProvider clock, CancellationToken ct)
    {
        var (client, form, error) = await ClientAuthentication.AuthenticateAsync(http, clients, ct);
        if (client == null)
        {
            return error!;
        }

        var token = form!["token"];
        if (token == null)
        {
            return OAuthResults.Error("invalid_request", "缺少 token 参数");
        }

        // The hint only orders the look-ups (§2.1); an unknown hint is ignored.
        var accessFirst = form["token_type_hint"] == "access_token";
        if (!accessFirst && await RevokeRefreshAsync(client, token, refreshTokens, clock, ct))
        {
            return Ok();
        }

        var access = await validator.ValidateAccessTokenAsync(token, issuers.For(http.Request), OidcModule.BearerScheme, ct);
        if (access != null)
        {
            if (access.FindFirstValue(TokenFactory.ClientIdClaim) == client.ClientId)
            {
                await accessTokens.RevokeAsync(access, client.ClientId, ct);
            }

            return Ok();
        }

        if (accessFirst)
        {
            await RevokeRefreshAsync(client, token, refreshTokens, clock, ct);
        }

        return Ok();
    }

    /// <summary>True when the token is a refresh token (whoever's): then it is not an access token either.</summary>
    private static async Task<bool> RevokeRefreshAsync(OidcClient client, string token, RefreshTokens refreshTokens, TimeProvider clock, CancellationToken ct)
    {
        var row = await refreshTokens.FindAsync(token, ct);
        if (row == null)
        {
            return false;
        }

        if (row.ClientId == client.ClientId && row.RevokedAt == null)
        {
            await refreshTokens.RevokeFamilyAsync(row.FamilyId, RefreshRevocation.Revoked, "client:" + client.ClientId, clock.GetUtcNow(), ct);
        }

        return true;
    }

    private static IResult Ok() => OAuthResults.Json(new Dictionary<string, string>());
}
