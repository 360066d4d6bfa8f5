using Microsoft.AspNetCore.Http;

namespace OneWindow.Oidc.Tokens;

/// <summary>The issuer: Oidc:Issuer when set, otherwise the request's origin (behind the proxy the forwarded headers
/// have already fixed scheme and host). No trailing slash.</summary>
public sealed class OidcIssuer(OidcOptions options)
{
    public string For(HttpRequest request) =>
        options.Issuer ?? (request.Scheme + "://" + request.Host.Value + request.PathBase.Value).TrimEnd('/');
}
