using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Transfer;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>Progress of an import job. While it runs the page reloads itself every 2 seconds (meta refresh, no script).</summary>
public sealed class ImportJobModel(ImportJobs jobs) : PageModel
{
    public ImportJobView Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long jobId, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, CatalogClaims.ToActor(User)!, ct);
        if (job == null)
        {
            return NotFound();
        }

        Job = job;
        return Page();
    }
}
