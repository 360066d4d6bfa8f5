using OneWindow.Shared.Security;

namespace OneWindow.Web.Infrastructure;

/// <summary>Which credential a request carries: <c>Authorization: Bearer …</c> → the bearer scheme, <c>X-Api-Key</c> →
/// the API-key scheme, anything else → the session cookie. One credential per request: a bearer header wins.</summary>
public static class CredentialSelector
{
    public static string Select(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return PlatformAuthentication.BearerScheme;
        }

        return context.Request.Headers.ContainsKey(PlatformAuthentication.ApiKeyHeader) && HasApiKeyScheme(context)
            ? PlatformAuthentication.ApiKeyScheme
            : PlatformAuthentication.CookieScheme;
    }

    // The scheme provider is an in-memory map: its Task is always complete.
    private static bool HasApiKeyScheme(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>()
            .GetSchemeAsync(PlatformAuthentication.ApiKeyScheme).GetAwaiter().GetResult() != null;
}
