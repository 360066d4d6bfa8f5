using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OneWindow.Shared.Security;

namespace OneWindow.Shared.Web;

/// <summary>
/// Issues the session cookie (ow.session) after a complete sign-in, and the short-lived ow.2fa cookie that only says
/// "this subject passed the password step" while the second factor is asked for. The second cookie grants nothing
/// by itself: no page or API accepts its scheme for authorization.
/// </summary>
public static class Sessions
{
    public const string SecondFactorScheme = "ow.2fa";
    public static readonly TimeSpan SecondFactorWindow = TimeSpan.FromMinutes(5);

    public static async Task SignInAsync(HttpContext context, IEnumerable<Claim> claims)
    {
        await context.SignOutAsync(SecondFactorScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, PlatformClaims.Name, PlatformClaims.Role)));
    }

    /// <summary>Re-issues the cookie of the signed-in person with changed claims (acting for an enterprise, a higher
    /// assurance level), keeping the session it belongs to.</summary>
    public static Task RefreshAsync(HttpContext context, IEnumerable<Claim> claims)
    {
        var list = claims.Where(c => c.Type != PlatformClaims.SessionId).ToList();
        if (context.User.FindFirstValue(PlatformClaims.SessionId) is { Length: > 0 } sid)
        {
            list.Add(new Claim(PlatformClaims.SessionId, sid));
        }

        return SignInAsync(context, list);
    }

    public static Task BeginSecondFactorAsync(HttpContext context, string subject) =>
        context.SignInAsync(SecondFactorScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(PlatformClaims.Subject, subject)], SecondFactorScheme)));

    /// <summary>The subject waiting for its second factor, or null when there is none (or it expired).</summary>
    public static async Task<string?> PendingSecondFactorAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(SecondFactorScheme);
        return result.Succeeded ? result.Principal.FindFirstValue(PlatformClaims.Subject) : null;
    }

    /// <summary>Ends the server-side session (IAccountSessions) and removes the cookies: the old cookie, replayed,
    /// is refused from the next request on.</summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.RequestServices.GetService<IAccountSessions>() is { } sessions)
        {
            await sessions.EndAsync(context.User, context.RequestAborted);
        }

        await context.SignOutAsync(SecondFactorScheme);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static AuthenticationBuilder AddSecondFactorCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(SecondFactorScheme, options =>
        {
            options.Cookie.Name = SecondFactorScheme;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = SecondFactorWindow;
            options.SlidingExpiration = false;
        });
}
