using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneWindow.Web.Pages;

/// <summary>Where the cookie scheme sends a signed-in person who lacks the role or scope for a page (403).</summary>
public sealed class AccessDeniedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
