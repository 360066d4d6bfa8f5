namespace OneWindow.Shared.Security;

/// <summary>The platform's credentials: the host's default scheme is a selector (<c>CredentialSelector</c>) that picks the
/// bearer scheme for <c>Authorization: Bearer …</c>, the API-key scheme for <c>X-Api-Key</c>, the session cookie
/// otherwise. Tokens and API keys are scope-bound; sessions are not.</summary>
public static class PlatformAuthentication
{
    public const string DefaultScheme = "ow";

    /// <summary>The session cookie (citizens and staff in a browser).</summary>
    public const string CookieScheme = "Cookies";

    /// <summary>Access tokens from the OIDC provider (<c>Authorization: Bearer …</c>).</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>API keys (<c>X-Api-Key: …</c>) for the public APIs that need one.</summary>
    public const string ApiKeyScheme = "ApiKey";

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Rate-limiter policy for APIs called with API keys: each key has its own per-minute permit (set when the
    /// key is created); callers without a key share a per-address limit. Use <c>.RequireRateLimiting(ApiKeyRateLimit)</c>.</summary>
    public const string ApiKeyRateLimit = "api-key";

    /// <summary>True for a principal authenticated by a token or an API key: it may do only what its scopes allow.</summary>
    public static bool IsScopeBound(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: BearerScheme or ApiKeyScheme };
}
