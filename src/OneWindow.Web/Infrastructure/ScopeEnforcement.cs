using OneWindow.Shared.Security;

namespace OneWindow.Web.Infrastructure;

/// <summary>
/// Scopes bound every token and API key (docs/integration-oidc.md): a scope-bound caller reaches only endpoints that
/// declare a scope it holds (<see cref="RequiredScopeMetadata"/>) or that are public and identity-blind
/// (<see cref="PublicEndpointMetadata"/>). Deny by default: an endpoint that declares neither (every page, any API
/// operation someone forgot) refuses tokens, so a person's token never carries that person's full powers. Sessions
/// are not scope-bound; their roles alone decide, as the modules check them.
/// </summary>
public sealed class ScopeEnforcementMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // An API key may always ask about itself (GET /api/v1/api-keys/current), whatever scopes it holds.
        if (!PlatformAuthentication.IsScopeBound(context.User) || context.GetEndpoint() is not { } endpoint
            || (endpoint.Metadata.GetMetadata<ApiKeySelfMetadata>() != null && context.User.Identity?.AuthenticationType == PlatformAuthentication.ApiKeyScheme))
        {
            await next(context);
            return;
        }

        // Explicit declarations (group and endpoint) must all be met; otherwise the group's read/write rule decides.
        var required = ApiScopeEndpoints.ScopesNeeded(endpoint.Metadata, context.Request.Method);
        var held = PlatformPrincipal.From(context.User)?.Scopes ?? new HashSet<string>();
        var missing = required?.FirstOrDefault(anyOf => !anyOf.Any(held.Contains));
        if (required != null && missing == null)
        {
            await next(context);
            return;
        }

        IReadOnlyList<string> needed = missing ?? [];
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate = needed.Count > 0
            ? $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', needed)}\""
            : "Bearer error=\"insufficient_scope\"";
        // Request localization ran before: ?lang, Accept-Language on the API, the language cookie.
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: english ? "Insufficient scope" : "令牌权限范围不足",
            detail: needed.Count > 0
                ? (english ? $"This operation needs one of the scopes: {string.Join(", ", needed)}." : $"此操作需要以下授权范围之一：{string.Join("、", needed)}。")
                : (english ? "This address does not accept tokens or API keys; use a signed-in session." : "此地址不接受令牌或 API 密钥，请登录后使用。"),
            extensions: new Dictionary<string, object?> { ["code"] = "platform.insufficient_scope", ["requiredScopes"] = needed })
            .ExecuteAsync(context);
    }
}
