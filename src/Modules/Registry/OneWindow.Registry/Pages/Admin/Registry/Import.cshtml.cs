using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features;
using OneWindow.Registry.Features.Import;
using OneWindow.Registry.Features.Ingest;
using OneWindow.Shared.Web;

namespace OneWindow.Registry.Pages.Admin.Registry;

/// <summary>CSV import for a source (header code,observedAt,field…): synchronous, all or nothing, errors by row and column.</summary>
[Authorize(Policy = RegistryModule.StaffPolicy)]
[RequestFormLimits(MultipartBodyLengthLimit = 6_000_000)]
public sealed class ImportModel(RegistryDbContext db, CsvImport import) : PageModel
{
    public IReadOnlyList<RegistrySource> Sources { get; private set; } = [];

    [BindProperty]
    public string? Source { get; set; }

    public IReadOnlyList<CsvError> Problems { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public IngestSummary? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !await LoadAsync(actor, ct))
        {
            return Forbid();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !await LoadAsync(actor, ct))
        {
            return Forbid();
        }

        if (Sources.All(s => s.Key != Source))
        {
            Errors.Add("source", Lang.L("数据来源", "Source"), Lang.L("请选择一个数据来源", "Choose a source"));
        }

        if (file == null || file.Length == 0)
        {
            Errors.Add("file", Lang.L("文件", "File"), Lang.L("请选择要导入的 CSV 文件", "Choose a CSV file to import"));
        }
        else if (file.Length > CsvImport.MaxChars)
        {
            Errors.Add("file", Lang.L("文件", "File"), Lang.L("文件过大（最大约 5 MB）", "The file is too large (about 5 MB at most)"));
        }

        if (Errors.Any)
        {
            return Page();
        }

        string text;
        using (var reader = new StreamReader(file!.OpenReadStream(), new System.Text.UTF8Encoding(false, true)))
        {
            try
            {
                text = await reader.ReadToEndAsync(ct);
            }
            catch (System.Text.DecoderFallbackException)
            {
                Errors.Add("file", Lang.L("文件", "File"), Lang.L("文件不是 UTF-8 编码，请另存为 UTF-8 CSV", "The file is not UTF-8: save it as UTF-8 CSV"));
                return Page();
            }
        }

        var result = await import.ImportAsync(Source!, text, actor, ct);
        if (!result.Succeeded)
        {
            Errors.Add("source", Lang.L("数据来源", "Source"), result.Failure!.Detail);
            return Page();
        }

        Problems = result.Value!.Errors;
        Done = result.Value.Summary;
        return Page();
    }

    /// <summary>The sources this staff member may feed; false when none.</summary>
    private async Task<bool> LoadAsync(RegistryActor actor, CancellationToken ct)
    {
        var all = await db.Sources.AsNoTracking().Where(s => s.Active).OrderBy(s => s.Kind).ThenBy(s => s.Id).ToListAsync(ct);
        Sources = all.Where(actor.MayFeed).ToList();
        return Sources.Count > 0;
    }
}
