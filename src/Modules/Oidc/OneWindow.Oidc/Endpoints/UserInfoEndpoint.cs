using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using OneWindow.Oidc.Domain;
using OneWindow.Oidc.Tokens;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Endpoints;

/// <summary>GET/POST /connect/userinfo: the user behind a bearer access token (header only, RFC 6750 §2.1). A missing
/// or bad token: 401 invalid_token. A token without openid, or a client's own token (nobody to describe): 403
/// insufficient_scope.</summary>
internal static class UserInfoEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OidcModule.BearerScheme);
        if (!result.Succeeded)
        {
            return OAuthResults.Error("invalid_token", "访问令牌无效或已过期", StatusCodes.Status401Unauthorized,
                result.None ? "Bearer" : "Bearer error=\"invalid_token\"");
        }

        var user = PlatformPrincipal.From(result.Principal!);
        var scopes = OidcScopes.Parse(result.Principal!.FindFirst(PlatformClaims.Scope)?.Value);
        if (user == null || user.IsClient || !scopes.Contains(OidcScopes.OpenId))
        {
            return OAuthResults.Error("insufficient_scope", "该令牌不代表用户或不含 openid 范围", StatusCodes.Status403Forbidden, "Bearer error=\"insufficient_scope\"");
        }

        var claims = new Dictionary<string, object> { ["sub"] = user.Subject, [PlatformClaims.Kind] = user.Kind };
        if (scopes.Contains(OidcScopes.Profile))
        {
            claims[TokenFactory.NameClaim] = user.Name;
            AddIfSet(claims, PlatformClaims.Department, user.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddIfSet(claims, PlatformClaims.Region, user.RegionCode);
            AddIfSet(claims, PlatformClaims.Assurance, user.Assurance?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddIfSet(claims, PlatformClaims.ActingFor, user.ActingForEnterpriseId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (user.Roles.Count > 0)
            {
                claims[TokenFactory.RoleClaim] = user.Roles.Order(StringComparer.Ordinal).ToArray();
            }
        }

        return OAuthResults.Json(claims);
    }

    private static void AddIfSet(Dictionary<string, object> claims, string name, string? value)
    {
        if (value != null)
        {
            claims[name] = value;
        }
    }
}
