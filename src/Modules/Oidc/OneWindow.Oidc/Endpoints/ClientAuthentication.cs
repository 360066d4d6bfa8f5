using System.Text;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Domain;

namespace OneWindow.Oidc.Endpoints;

/// <summary>The client credentials a token request presents: client_secret_basic (RFC 6749 §2.3.1: id and secret
/// form-encoded, then base64 in the Authorization header) or client_secret_post. Never both.</summary>
internal sealed record PresentedCredentials(string? ClientId, string? Secret, bool Basic, string? Problem)
{
    public static PresentedCredentials Read(HttpRequest request, ProtocolParameters form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (form.Has("client_secret"))
            {
                return new(null, null, true, "只能使用一种客户端认证方式");
            }

            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                return new(null, null, true, null);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return new(null, null, true, null);
            }

            var id = FormDecode(decoded[..colon]);
            if (form["client_id"] is { } formId && formId != id)
            {
                return new(null, null, true, "client_id 与认证头不一致");
            }

            return new(id, FormDecode(decoded[(colon + 1)..]), true, null);
        }

        return new(form["client_id"], form["client_secret"], false, null);
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}

/// <summary>The start of every back-channel request (token, revoke, introspect): a form body without duplicate
/// parameters and an authenticated client. Failed authentications are 401 invalid_client (audited by the registry).</summary>
internal static class ClientAuthentication
{
    public static async Task<(OidcClient? Client, ProtocolParameters? Form, IResult? Error)> AuthenticateAsync(HttpContext http, Clients.ClientRegistry clients, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return (null, null, OAuthResults.Error("invalid_request", "请求须为 application/x-www-form-urlencoded"));
        }

        var form = await ProtocolParameters.ReadAsync(http.Request, ct);
        if (form.Duplicate is { } duplicate)
        {
            return (null, form, OAuthResults.Error("invalid_request", $"参数 {duplicate} 重复"));
        }

        var presented = PresentedCredentials.Read(http.Request, form);
        if (presented.Problem != null)
        {
            return (null, form, OAuthResults.Error("invalid_request", presented.Problem));
        }

        var challenge = presented.Basic ? "Basic realm=\"onewindow\"" : null;
        if (presented.ClientId == null || presented.Secret == null)
        {
            return (null, form, OAuthResults.Error("invalid_client", "缺少客户端认证（client_secret_basic 或 client_secret_post）", StatusCodes.Status401Unauthorized, challenge));
        }

        var client = await clients.AuthenticateAsync(presented.ClientId, presented.Secret, ct);
        return client == null
            ? (null, form, OAuthResults.Error("invalid_client", "客户端认证失败", StatusCodes.Status401Unauthorized, challenge))
            : (client, form, null);
    }
}
