using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OneWindow.Shared.Security;

namespace OneWindow.Web.Infrastructure;

/// <summary>
/// Re-checks every session cookie (citizens, enterprise agents, staff) on each request through
/// <see cref="IAccountSessions"/> (one indexed query in the identity module): a session that ended (sign-out, password
/// reset, account disabled, ended from the sessions list) or a cookie without a session id is signed out at once, and
/// changed roles, assurance level or a revoked enterprise agency replace the cookie's claims without signing in again.
/// </summary>
public static class AccountSessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user)
        {
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<IAccountSessions>();
        var claims = await sessions.CurrentClaimsAsync(user, context.HttpContext.RequestAborted);
        if (claims == null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (Fingerprint(user.Claims).SetEquals(Fingerprint(claims)))
        {
            return;
        }

        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, PlatformClaims.Name, PlatformClaims.Role)));
        context.ShouldRenew = true;
    }

    private static HashSet<(string, string)> Fingerprint(IEnumerable<Claim> claims) => claims.Select(c => (c.Type, c.Value)).ToHashSet();
}
