using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Tokens;

namespace OneWindow.Oidc.Endpoints;

/// <summary>
/// GET/POST /connect/endsession (RP-initiated logout): ends the platform session. Returns to post_logout_redirect_uri
/// (with state) only when that exact URI is registered for the client named by id_token_hint or client_id; otherwise
/// shows a signed-out page. An id_token_hint that is not ours, or names another client than client_id, is refused
/// before anything happens.
/// </summary>
internal static class EndSessionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, TokenValidator validator, OidcIssuer issuers, CancellationToken ct)
    {
        var p = await ProtocolParameters.ReadAsync(http.Request, ct);
        var clientId = p["client_id"];
        if (p["id_token_hint"] is { } hint)
        {
            var read = await validator.ReadIdTokenHintAsync(hint, issuers.For(http.Request), ct);
            if (read == null || (clientId != null && clientId != read.Value.ClientId))
            {
                return OAuthResults.ErrorPage(http, "invalid_request", "id_token_hint 无效，或与 client_id 不符。");
            }

            clientId = read.Value.ClientId;
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var returnTo = p["post_logout_redirect_uri"];
        if (returnTo != null && clientId != null && await clients.FindAsync(clientId, ct) is { } client && client.PostLogoutRedirectUriSet.Contains(returnTo))
        {
            return OAuthResults.RedirectTo(returnTo, new Dictionary<string, string?> { ["state"] = p["state"] });
        }

        var note = returnTo == null ? "您已安全退出一网通办。" : "您已安全退出一网通办。退出后返回的地址未登记，因此没有自动跳转。";
        return OidcPages.Result(StatusCodes.Status200OK, "已退出登录", note);
    }
}
