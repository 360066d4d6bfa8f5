using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Codes;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Audit;

namespace OneWindow.Oidc.Endpoints;

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("id_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdToken);

/// <summary>POST /connect/token: client authentication, then authorization_code (with PKCE) or client_credentials.
/// Errors are RFC 6749 §5.2 JSON; a failed client authentication is 401 invalid_client and audited.</summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, AuthorizationCodes codes, TokenFactory tokens, OidcIssuer issuers,
        OidcDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return OAuthResults.Error("invalid_request", "请求须为 application/x-www-form-urlencoded");
        }

        var form = await ProtocolParameters.ReadAsync(http.Request, ct);
        if (form.Duplicate is { } duplicate)
        {
            return OAuthResults.Error("invalid_request", $"参数 {duplicate} 重复");
        }

        var presented = PresentedCredentials.Read(http.Request, form);
        if (presented.Problem != null)
        {
            return OAuthResults.Error("invalid_request", presented.Problem);
        }

        var challenge = presented.Basic ? "Basic realm=\"onewindow\"" : null;
        if (presented.ClientId == null || presented.Secret == null)
        {
            return OAuthResults.Error("invalid_client", "缺少客户端认证（client_secret_basic 或 client_secret_post）", StatusCodes.Status401Unauthorized, challenge);
        }

        var client = await clients.AuthenticateAsync(presented.ClientId, presented.Secret, ct);
        if (client == null)
        {
            return OAuthResults.Error("invalid_client", "客户端认证失败", StatusCodes.Status401Unauthorized, challenge);
        }

        var grant = form["grant_type"];
        if (grant == null)
        {
            return OAuthResults.Error("invalid_request", "缺少 grant_type");
        }

        if (!OidcScopes.GrantTypes.Contains(grant))
        {
            return OAuthResults.Error("unsupported_grant_type", "仅支持 authorization_code 和 client_credentials");
        }

        if (!client.GrantTypeSet.Contains(grant))
        {
            return OAuthResults.Error("unauthorized_client", $"该客户端未获准使用 {grant}");
        }

        var issuer = issuers.For(http.Request);
        return grant == OidcScopes.ClientCredentials
            ? await ClientCredentialsAsync(client, form, issuer, tokens, db, clock, ct)
            : await AuthorizationCodeAsync(client, form, issuer, codes, tokens, ct);
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

    private static async Task<IResult> AuthorizationCodeAsync(OidcClient client, ProtocolParameters form, string issuer, AuthorizationCodes codes, TokenFactory tokens, CancellationToken ct)
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
        return OAuthResults.Json(new TokenResponse(access.Token, "Bearer", access.ExpiresIn, code.Scope, idToken));
    }
}
