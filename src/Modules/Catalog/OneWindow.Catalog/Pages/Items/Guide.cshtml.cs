using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Shared.Cases;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Items;

public sealed class GuideModel(CatalogReader reader, IApplicationStarter applications) : PageModel
{
    public PublishedItem Item { get; private set; } = null!;

    public string? ApplyError { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var item = await reader.PublishedAsync(id, ct);
        if (item == null)
        {
            return NotFound();
        }

        Item = item;
        await reader.CountViewAsync(id, ct);
        return Page();
    }

    /// <summary>在线申请: starts a draft of the published item and opens its form; signed-out visitors sign in first.</summary>
    public async Task<IActionResult> OnPostApplyAsync(long id, CancellationToken ct)
    {
        if (PlatformPrincipal.From(User) is not { IsCitizen: true } principal)
        {
            return Redirect("/signin?ReturnUrl=" + Uri.EscapeDataString($"/items/{id}#apply"));
        }

        var started = await applications.StartAsync(principal, id, ct);
        if (started.Succeeded)
        {
            return Redirect($"/apply/{started.CaseId}");
        }

        if (started.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Item = (await reader.PublishedAsync(id, ct))!;
        ApplyError = Lang.Pick(started.Detail);
        Response.StatusCode = started.Status;
        return Page();
    }
}
