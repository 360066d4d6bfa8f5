using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace OneWindow.Web.Infrastructure;

/// <summary>Pages redirect to sign-in (the back office to the staff sign-in, everything else to the citizen and
/// enterprise sign-in); API calls get a plain 401/403 (turned into a problem document), never a redirect.</summary>
public static class ApiAwareRedirects
{
    public const string StaffSignInPath = "/staff/signin";

    public static Task ToLogin(RedirectContext<CookieAuthenticationOptions> context) => Respond(context, StatusCodes.Status401Unauthorized);

    public static Task ToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) => Respond(context, StatusCodes.Status403Forbidden);

    private static Task Respond(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (ProblemDetailsSetup.IsApi(context.HttpContext))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        // Only sign-in goes to the staff form; a signed-in person without the right role gets the access-denied page
        // (sending them to sign in again would loop).
        var toStaffSignIn = status == StatusCodes.Status401Unauthorized && context.Request.Path.StartsWithSegments("/admin");
        context.Response.Redirect(toStaffSignIn ? ToStaffSignIn(context) : context.RedirectUri);
        return Task.CompletedTask;
    }

    private static string ToStaffSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return StaffSignInPath + QueryString.Create(context.Options.ReturnUrlParameter, returnUrl);
    }
}
