using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages;

/// <summary>退出登录 (POST only, with the antiforgery token, so no link on another site can sign anyone out).</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await Sessions.SignOutAsync(HttpContext);
        return Redirect("/");
    }
}
