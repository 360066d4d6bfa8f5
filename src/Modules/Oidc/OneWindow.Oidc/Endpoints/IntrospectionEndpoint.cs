using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Refresh;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Endpoints;

/// <summary>
/// POST /connect/introspect (RFC 7662) for confidential clients (every registered client is one: it authenticates with
/// its secret). An access token is active when the API would accept it: our signature, issuer, audience onewindow-api,
/// type at+jwt, lifetime, not revoked, and for a user's token a current account and session. Any client may introspect
/// access tokens (a department system serving the platform's users checks the tokens it is shown); a refresh token only
/// by the client it was issued to. Everything else — unknown, expired, revoked, another audience (an ID token), another
/// client's refresh token — is {"active": false} and nothing more.
/// </summary>
internal static class IntrospectionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, RefreshTokens refreshTokens, AccessTokens accessTokens, OidcIssuer issuers,
        TimeProvider clock, CancellationToken ct)
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

        var issuer = issuers.For(http.Request);
        var access = await accessTokens.AuthenticateAsync(token, issuer, OidcModule.BearerScheme, ct);
        if (access != null)
        {
            var body = new Dictionary<string, object>
            {
                ["active"] = true,
                ["token_type"] = "Bearer",
                ["scope"] = access.FindFirstValue(PlatformClaims.Scope) ?? "",
                ["client_id"] = access.FindFirstValue(TokenFactory.ClientIdClaim) ?? "",
                ["sub"] = access.FindFirstValue(PlatformClaims.Subject) ?? "",
                ["iss"] = issuer,
                ["aud"] = access.FindFirstValue("aud") ?? "",
            };
            AddTime(body, "exp", access.FindFirstValue("exp"));
            AddTime(body, "iat", access.FindFirstValue("iat"));
            if (access.FindFirstValue("jti") is { } jti)
            {
                body["jti"] = jti;
            }

            return OAuthResults.Json(body);
        }

        var row = await refreshTokens.FindAsync(token, ct);
        if (row != null && row.ClientId == client.ClientId && row.RevokedAt == null && row.UsedAt == null && row.ExpiresAt > clock.GetUtcNow())
        {
            return OAuthResults.Json(new Dictionary<string, object>
            {
                ["active"] = true,
                ["token_type"] = "refresh_token",
                ["scope"] = row.Scope,
                ["client_id"] = row.ClientId,
                ["sub"] = row.Subject,
                ["iss"] = issuer,
                ["exp"] = row.ExpiresAt.ToUnixTimeSeconds(),
                ["iat"] = row.CreatedAt.ToUnixTimeSeconds(),
            });
        }

        return OAuthResults.Json(new Dictionary<string, object> { ["active"] = false });
    }

    private static void AddTime(Dictionary<string, object> body, string name, string? value)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            body[name] = seconds;
        }
    }
}
