using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace OneWindow.Shared.Security;

/// <summary>Endpoint metadata: the endpoint describes the calling API key itself (GET /api/v1/api-keys/current), so
/// any valid key may call it whatever its scopes, and nothing else may (sessions and tokens get 401).</summary>
public sealed record ApiKeySelfMetadata;

public static class ApiKeyEndpoints
{
    /// <summary>Only a request authenticated by an API key (<c>X-Api-Key</c>) reaches this endpoint, whatever scopes
    /// the key holds; a session cookie or a bearer token is not looked at (401 from the API-key scheme).</summary>
    public static TBuilder RequireApiKeySelf<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiKeySelfMetadata());
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(PlatformAuthentication.ApiKeyScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(PlatformClaims.ApiKeyId)
            .Build());
        return builder;
    }
}
