using OneWindow.Shared.Security;
using Microsoft.AspNetCore.Localization;

namespace OneWindow.Web.Infrastructure;

public static class LanguageSwitch
{
    /// <summary>GET /lang/en?returnUrl=/search: remembers the language in a cookie; a plain link, so it works without JavaScript.</summary>
    public static void MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/lang/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            var chosen = culture == "en" ? "en" : "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
                ? returnUrl
                : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription().PublicEndpoint();
    }
}
