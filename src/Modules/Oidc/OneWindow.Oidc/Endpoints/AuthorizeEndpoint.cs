using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Codes;
using OneWindow.Oidc.Data;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Endpoints;

/// <summary>
/// GET/POST /connect/authorize: the authorization code flow with PKCE S256. The client and the exact redirect URI
/// are checked first; until both are known nothing is redirected (no open redirect). Then errors go back to the
/// client with error and state. Without a session the browser is sent to the sign-in page and comes back here.
/// No consent screen: every client is a first-party department system registered by the platform, and the user
/// signs in to it as to any part of the platform. Consent is still bounded by role: an API scope the person may not
/// grant (ApiScope.CanConsent) is refused with invalid_scope, and audited.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, AuthorizationCodes codes, OidcIssuer issuers, ScopeDirectory scopeDirectory,
        OidcDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var p = await ProtocolParameters.ReadAsync(http.Request, ct);
        var clientId = p["client_id"];
        var redirectUri = p["redirect_uri"];
        var client = clientId == null ? null : await clients.FindAsync(clientId, ct);
        if (client == null || !client.GrantTypeSet.Contains(OidcScopes.AuthorizationCode))
        {
            return OAuthResults.ErrorPage(http, "invalid_client", "未登记的客户端（client_id 不存在或未开通单点登录）。");
        }

        if (redirectUri == null || !client.RedirectUriSet.Contains(redirectUri))
        {
            return OAuthResults.ErrorPage(http, "invalid_request", "回调地址（redirect_uri）与该客户端登记的不一致。");
        }

        // From here on the redirect URI is the client's own: errors go back to it.
        var issuer = issuers.For(http.Request);
        var state = p["state"];
        IResult Fail(string error, string description) => OAuthResults.RedirectTo(redirectUri, new Dictionary<string, string?>
        {
            ["error"] = error, ["error_description"] = description, ["state"] = state, ["iss"] = issuer,
        });

        var scopes = OidcScopes.Parse(p["scope"]);
        var problem = Check(p, client, scopes);
        if (problem is var (error, description))
        {
            return Fail(error, description);
        }

        var prompt = OidcScopes.Parse(p["prompt"]);
        var session = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var user = session.Succeeded ? PlatformPrincipal.From(session.Principal!) : null;
        if (user == null || prompt.Contains("login"))
        {
            if (prompt.Contains("none"))
            {
                return Fail("login_required", "用户未登录");
            }

            // Back here after sign-in, without prompt=login (it has been honoured).
            var back = p.All.Where(x => x.Key != "prompt").ToDictionary();
            return Results.Challenge(new AuthenticationProperties { RedirectUri = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/connect/authorize", back) },
                [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        if (!user.IsCitizen && !user.IsStaff)
        {
            return Fail("access_denied", "只有自然人和工作人员账号可以登录客户端");
        }

        // Consent bounded by role: a person can hand a system only the API scopes their role may grant.
        if (scopes.FirstOrDefault(s => scopeDirectory.Find(s) is { } api && !api.CanConsent(user)) is { } refused)
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await AuditLog.AppendAsync(db, new AuditRecord(user.Subject, user.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), "oidc.consent.refused",
                    "oidc_client", client.ClientId, "用户的角色不能授予所申请的范围：拒绝", JsonSerializer.Serialize(new { scope = refused })), clock.GetUtcNow(), ct);
                await transaction.CommitAsync(ct);
            }

            return Fail("invalid_scope", $"您的账号角色不能向该系统授予范围 {refused}（Your role cannot grant the scope {refused}）");
        }

        var authTime = session.Properties?.IssuedUtc ?? clock.GetUtcNow();
        var sessionId = session.Principal!.FindFirst(PlatformClaims.SessionId)?.Value;
        var code = await codes.IssueAsync(client.ClientId, UserSnapshot.From(user, sessionId), redirectUri, p["code_challenge"]!, scopes, p["nonce"], authTime, ct);
        return OAuthResults.RedirectTo(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state, ["iss"] = issuer });
    }

    private static (string Error, string Description)? Check(ProtocolParameters p, OidcClient client, IReadOnlyList<string> scopes)
    {
        if (p.Duplicate is { } duplicate)
        {
            return ("invalid_request", $"参数 {duplicate} 重复");
        }

        if (p.Has("request"))
        {
            return ("request_not_supported", "不支持 request 参数");
        }

        if (p.Has("request_uri"))
        {
            return ("request_uri_not_supported", "不支持 request_uri 参数");
        }

        if (p["response_type"] != "code")
        {
            return ("unsupported_response_type", "仅支持 response_type=code");
        }

        if (!scopes.Contains(OidcScopes.OpenId))
        {
            return ("invalid_scope", "scope 须包含 openid");
        }

        if (scopes.FirstOrDefault(s => !client.ScopeSet.Contains(s)) is { } scope)
        {
            return ("invalid_scope", $"该客户端未获准使用范围 {scope}");
        }

        if (!p.Has("code_challenge"))
        {
            return ("invalid_request", "须使用 PKCE：缺少 code_challenge");
        }

        if (p["code_challenge_method"] != Pkce.S256)
        {
            return ("invalid_request", "仅支持 code_challenge_method=S256（不接受 plain）");
        }

        if (!Pkce.IsChallenge(p["code_challenge"]))
        {
            return ("invalid_request", "code_challenge 格式不正确（应为43位 base64url）");
        }

        if (p["nonce"] is { Length: > 500 } || p["state"] is { Length: > 2000 })
        {
            return ("invalid_request", "nonce 或 state 过长");
        }

        return null;
    }
}
