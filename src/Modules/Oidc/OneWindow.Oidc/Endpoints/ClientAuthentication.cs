using System.Text;
using Microsoft.AspNetCore.Http;

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
