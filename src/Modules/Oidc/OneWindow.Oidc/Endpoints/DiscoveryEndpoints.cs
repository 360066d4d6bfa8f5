using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Codes;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Keys;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Endpoints;

/// <summary>/.well-known/openid-configuration and /.well-known/jwks.json.</summary>
internal static class DiscoveryEndpoints
{
    public static IResult Configuration(HttpContext http, OidcIssuer issuers, ScopeDirectory scopes)
    {
        var issuer = issuers.For(http.Request);
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/connect/authorize",
            ["token_endpoint"] = issuer + "/connect/token",
            ["userinfo_endpoint"] = issuer + "/connect/userinfo",
            ["jwks_uri"] = issuer + "/.well-known/jwks.json",
            ["end_session_endpoint"] = issuer + "/connect/endsession",
            ["revocation_endpoint"] = issuer + "/connect/revoke",
            ["introspection_endpoint"] = issuer + "/connect/introspect",
            ["grant_types_supported"] = OidcScopes.GrantTypes,
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["code_challenge_methods_supported"] = new[] { Pkce.S256 },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["revocation_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["introspection_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["scopes_supported"] = scopes.All,
            ["claims_supported"] = new[]
            {
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", TokenFactory.NameClaim, TokenFactory.RoleClaim,
                PlatformClaims.Kind, PlatformClaims.Department, PlatformClaims.Region, PlatformClaims.Assurance, PlatformClaims.ActingFor,
            },
            ["prompt_values_supported"] = new[] { "none", "login" },
            ["authorization_response_iss_parameter_supported"] = true,
            ["request_parameter_supported"] = false,
            ["request_uri_parameter_supported"] = false,
            ["claims_parameter_supported"] = false,
        });
    }

    public static async Task<IResult> Jwks(HttpContext http, SigningKeyStore keys, CancellationToken ct)
    {
        var published = await keys.PublishedAsync(ct);
        // Short cache: relying parties see a successor key well before it signs (pre-publication) and should refetch
        // on an unknown kid anyway.
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new
        {
            keys = published.Select(k => new Dictionary<string, string>
            {
                ["kty"] = "RSA", ["use"] = "sig", ["kid"] = k.Kid, ["alg"] = "RS256", ["n"] = k.Modulus, ["e"] = k.Exponent,
            }),
        });
    }
}
