using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Oidc.Endpoints;

/// <summary>
/// GET/POST /connect/endsession (RP-initiated logout). Signing out is a change of state, so a link or a form on another
/// site must not be able to do it: a GET, or a POST without this site's antiforgery token, only shows a confirmation
/// page ("确认退出登录？", naming the client) whose form POSTs back with the token; that POST ends the server-side session
/// (IAccountSessions, so the old cookie and tokens issued from it stop working) and the cookie. It then returns to
/// post_logout_redirect_uri (with state) only when that exact URI is registered for the client named by id_token_hint
/// or client_id; otherwise it shows a signed-out page. An id_token_hint that is not ours, or names another client
/// than client_id, is refused before anything happens. Someone not signed in has nothing to end and goes straight on.
/// </summary>
internal static class EndSessionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ClientRegistry clients, TokenValidator validator, OidcIssuer issuers, IAntiforgery antiforgery, CancellationToken ct)
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

        var client = clientId == null ? null : await clients.FindAsync(clientId, ct);
        var returnTo = p["post_logout_redirect_uri"];
        var verifiedReturn = returnTo != null && client != null && client.PostLogoutRedirectUriSet.Contains(returnTo) ? returnTo : null;

        var signedIn = http.User.Identity?.IsAuthenticated == true && !PlatformAuthentication.IsScopeBound(http.User);
        if (signedIn)
        {
            var confirmed = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(http);
            if (!confirmed)
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return OidcPages.ConfirmSignOut(client?.Name, tokens.FormFieldName, tokens.RequestToken!, new Dictionary<string, string?>
                {
                    ["id_token_hint"] = p["id_token_hint"],
                    ["client_id"] = p["id_token_hint"] == null ? clientId : null,
                    ["post_logout_redirect_uri"] = returnTo,
                    ["state"] = p["state"],
                });
            }

            await Sessions.SignOutAsync(http);
        }

        if (verifiedReturn != null)
        {
            return OAuthResults.RedirectTo(verifiedReturn, new Dictionary<string, string?> { ["state"] = p["state"] });
        }

        var note = returnTo == null ? "您已安全退出一网通办。" : "您已安全退出一网通办。退出后返回的地址未登记，因此没有自动跳转。";
        return OidcPages.Result(StatusCodes.Status200OK, "已退出登录", note);
    }
}
