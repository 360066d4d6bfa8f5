using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Catalog.Features.Transfer;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>Uploads a CSV file. The structure is checked at once (errors shown here); the rows are then checked and
/// imported by a background job whose page shows the progress.</summary>
[RequestSizeLimit(CatalogCsv.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = CatalogCsv.MaxBytes + 1024 * 1024)]
public sealed class ImportModel(CatalogAdminQueries queries, ImportJobs jobs) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }

    [BindProperty] public long? DepartmentId { get; set; }

    [BindProperty] public bool Publish { get; set; }

    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    public string? FileError { get; private set; }

    public CatalogActor Actor { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Actor = CatalogClaims.ToActor(User)!;
        if (!Actor.CanEdit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Departments = await queries.DepartmentsAsync(Actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var page = await OnGetAsync(ct);
        if (page is not PageResult)
        {
            return page;
        }

        if (Upload == null || Upload.Length == 0)
        {
            FileError = Lang.L("请选择要导入的 CSV 文件", "Choose a CSV file to import");
            return Page();
        }

        await using var stream = Upload.OpenReadStream();
        var text = await ImportJobs.ReadTextAsync(stream, ct);
        if (text == null)
        {
            FileError = Lang.L("文件不能超过 20 MB，请拆分后分批导入", "The file must not exceed 20 MB; split it");
            return Page();
        }

        var start = await jobs.StartAsync(new ImportRequest(Upload.FileName, text, DepartmentId, Publish && Actor.IsPlatformAdmin), Actor, ct);
        if (start.Forbidden != null)
        {
            FileError = start.Forbidden;
            return Page();
        }

        if (!start.Started)
        {
            Errors = start.Errors;
            FileError = Lang.L("文件格式有误，未导入任何数据，请按下列问题修改后重新上传", "The file is malformed; nothing was imported. Fix the problems below and upload again");
            return Page();
        }

        return Redirect($"/admin/catalog/import/{start.JobId}");
    }
}
