using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OneWindow.Shared.Security;

namespace OneWindow.Web.Infrastructure;

/// <summary>
/// Re-reads the account behind a staff session on each request (one lookup by primary key): a disabled account's
/// sessions end at once, and granted or revoked roles take effect without signing in again. Without this a cookie
/// would keep its roles for up to eight hours after an admin took them away.
/// </summary>
public static class StaffSessionCheck
{
    private static readonly string[] Compared = [PlatformClaims.Subject, PlatformClaims.Kind, PlatformClaims.Name, PlatformClaims.Department, PlatformClaims.Region, PlatformClaims.Role];

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user || PlatformPrincipal.From(user) is not { IsStaff: true, AccountId: { } staffId })
        {
            return;
        }

        var signIn = context.HttpContext.RequestServices.GetRequiredService<IStaffSessions>();
        var claims = await signIn.CurrentClaimsAsync(staffId, context.HttpContext.RequestAborted);
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

    private static HashSet<(string, string)> Fingerprint(IEnumerable<Claim> claims) =>
        claims.Where(c => Compared.Contains(c.Type)).Select(c => (c.Type, c.Value)).ToHashSet();
}
