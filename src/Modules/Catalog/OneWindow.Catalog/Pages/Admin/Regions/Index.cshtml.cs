using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Regions;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Admin.Regions;

/// <summary>GB/T 2260 reference data: what is loaded, and the upload of a newer revision (platform admins).</summary>
[Authorize(Policy = CatalogPolicies.PlatformAdmin)]
public sealed class IndexModel(CatalogDbContext db, RegionImporter importer) : PageModel
{
    public const long MaxFileBytes = 5_000_000;

    public IReadOnlyList<(string Revision, int Active, int Withdrawn)> Revisions { get; private set; } = [];

    public RegionImportReport? Report { get; private set; }

    public string? FileError { get; private set; }

    [BindProperty] public IFormFile? Upload { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload == null || Upload.Length == 0)
        {
            FileError = Lang.L("请选择一个制表符分隔的区划文件（.tsv）", "Choose a tab-separated division file (.tsv)");
        }
        else if (Upload.Length > MaxFileBytes)
        {
            FileError = Lang.L("文件不能超过5 MB", "The file must be 5 MB or smaller");
        }

        if (FileError == null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using var stream = Upload!.OpenReadStream();
            Report = await importer.ImportAsync(stream, User.Identity?.Name ?? "unknown", ct);
            if (Report.Succeeded)
            {
                await transaction.CommitAsync(ct);
            }
        }

        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await db.Regions.AsNoTracking().GroupBy(r => r.Revision)
            .Select(g => new { Revision = g.Key, Active = g.Count(r => !r.Withdrawn), Withdrawn = g.Count(r => r.Withdrawn) })
            .OrderByDescending(r => r.Revision).ToListAsync(ct);
        Revisions = rows.Select(r => (r.Revision, r.Active, r.Withdrawn)).ToList();
    }
}
