using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Staff;

/// <summary>Sign-out is a POST with the antiforgery token (the header's button): a link or image elsewhere must not be
/// able to end someone's session. A GET shows the button.</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await Sessions.SignOutAsync(HttpContext);
        return LocalRedirect("/staff/signin");
    }
}
