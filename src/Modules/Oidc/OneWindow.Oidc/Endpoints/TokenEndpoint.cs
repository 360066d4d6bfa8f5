using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Codes;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Refresh;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Audit;

namespace OneWindow.Oidc.Endpoints;

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("id_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdToken,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null);

/// <summary>POST /connect/token: client authentication, then authorization_code (with PKCE), refresh_token (rotation,
/// reuse detection: see RefreshTokens) or client_credentials.
/// Errors are RFC 6749 §5.2 JSON; a failed client authentication is 401 invalid_client and audited.</summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, AuthorizationCodes codes, RefreshTokens refreshTokens, TokenFactory tokens,
        OidcIssuer issuers, OidcDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (client, form, error) = await ClientAuthentication.AuthenticateAsync(http, clients, ct);
        if (client == null)
        {
            return error!;
        }

        var grant = form!["grant_type"];
        if (grant == null)
        {
            return OAuthResults.Error("invalid_request", "缺少 grant_type");
        }

        if (!OidcScopes.GrantTypes.Contains(grant))
        {
            return OAuthResults.Error("unsupported_grant_type", "仅支持 authorization_code、refresh_token 和 client_credentials");
        }

        if (!client.GrantTypeSet.Contains(grant))
        {
            return OAuthResults.Error("unauthorized_client", $"该客户端未获准使用 {grant}");
        }

        var issuer = issuers.For(http.Request);
        return grant switch
        {
            OidcScopes.ClientCredentials => await ClientCredentialsAsync(client, form, issuer, tokens, db, clock, ct),
            OidcScopes.RefreshToken => await RefreshAsync(client, form, issuer, refreshTokens, tokens, ct),
            _ => await AuthorizationCodeAsync(client, form, issuer, codes, refreshTokens, tokens, ct),
        };
    }

    private static async Task<IResult> ClientCredentialsAsync(OidcClient client, ProtocolParameters form, string issuer, TokenFactory tokens, OidcDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var requested = OidcScopes.Parse(form["scope"]);
        var scopes = requested.Count > 0 ? requested : OidcScopes.Parse(client.Scopes).Where(s => !OidcScopes.IsUserScope(s)).ToList();
        if (scopes.FirstOrDefault(s => OidcScopes.IsUserScope(s) || !client.ScopeSet.Contains(s)) is { } refused)
        {
            return OAuthResults.Error("invalid_scope", $"该客户端不能以客户端身份申请范围 {refused}");
        }

        if (scopes.Count == 0)
        {
            return OAuthResults.Error("invalid_scope", "该客户端没有可用于客户端凭证模式的范围");
        }

        var token = await tokens.ClientAccessTokenAsync(issuer, client, scopes, ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await AuditLog.AppendAsync(db, new AuditRecord("client:" + client.ClientId, client.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "oidc.token.issued", "oidc_client", client.ClientId, "向客户端签发访问令牌（客户端凭证）",
                JsonSerializer.Serialize(new { grant = OidcScopes.ClientCredentials, scope = string.Join(' ', scopes), jti = token.Id })), clock.GetUtcNow(), ct);
            await transaction.CommitAsync(ct);
        }

        return OAuthResults.Json(new TokenResponse(token.Token, "Bearer", token.ExpiresIn, string.Join(' ', scopes), null));
    }

    private static async Task<IResult> AuthorizationCodeAsync(OidcClient client, ProtocolParameters form, string issuer, AuthorizationCodes codes, RefreshTokens refreshTokens,
        TokenFactory tokens, CancellationToken ct)
    {
        // The access token's id is fixed before the code is consumed, so the consumption records it (for a replay).
        var pending = TokenFactory.NewTokenId();
        var redemption = await codes.RedeemAsync(client.ClientId, form["code"], form["redirect_uri"], form["code_verifier"], pending, ct);
        if (redemption.Code is not { } code)
        {
            return OAuthResults.Error("invalid_grant", redemption.Error!);
        }

        var user = UserSnapshot.FromJson(code.PrincipalJson);
        var scopes = OidcScopes.Parse(code.Scope);
        var access = await tokens.UserAccessTokenAsync(issuer, client.ClientId, user, scopes, code.AuthTime, pending, ct);
        var idToken = await tokens.IdTokenAsync(issuer, client.ClientId, user, scopes, code.Nonce, code.AuthTime, access.Token, ct);
        // OIDC core §11: a refresh token only when offline_access was asked for (and the client may hold it).
        var refresh = scopes.Contains(OidcScopes.OfflineAccess) && client.GrantTypeSet.Contains(OidcScopes.RefreshToken) && client.ScopeSet.Contains(OidcScopes.OfflineAccess)
            ? await refreshTokens.IssueAsync(client.ClientId, user, code.Scope, code.AuthTime, pending, ct)
            : null;
        return OAuthResults.Json(new TokenResponse(access.Token, "Bearer", access.ExpiresIn, code.Scope, idToken, refresh));
    }

    private static async Task<IResult> RefreshAsync(OidcClient client, ProtocolParameters form, string issuer, RefreshTokens refreshTokens, TokenFactory tokens, CancellationToken ct)
    {
        var pending = TokenFactory.NewTokenId();
        var requested = form.Has("scope") ? OidcScopes.Parse(form["scope"]) : null;
        var exchange = await refreshTokens.ExchangeAsync(client, form["refresh_token"], requested, pending, ct);
        if (exchange.Error != null)
        {
            return OAuthResults.Error(exchange.Error, exchange.Description!);
        }

        var access = await tokens.UserAccessTokenAsync(issuer, client.ClientId, exchange.User!, exchange.Scopes, exchange.AuthTime, pending, ct);
        return OAuthResults.Json(new TokenResponse(access.Token, "Bearer", access.ExpiresIn, string.Join(' ', exchange.Scopes), null, exchange.NewToken));
    }
}
