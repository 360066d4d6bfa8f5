using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>One item in the back office: its states, the actions the user may take (each a POST with a CSRF token,
/// redirecting back with the outcome), its versions and its history.</summary>
public sealed class ShowModel(CatalogAdminQueries queries, CatalogEditor editor) : PageModel
{
    public AdminItemDetail Item { get; private set; } = null!;

    public CatalogActor Actor { get; private set; } = null!;

    [BindProperty] public string? Comment { get; set; }

    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Actor = CatalogClaims.ToActor(User)!;
        var item = await queries.DetailAsync(id, ct);
        if (item == null || !CatalogAdminQueries.MayView(Actor, item.Header))
        {
            return NotFound();
        }

        Item = item;
        return Page();
    }

    public Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken ct) => Run(id, a => editor.SubmitAsync(id, a, ct), L("已提交审核", "Submitted for review"));

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) => Run(id, a => editor.ApproveAsync(id, Comment, a, ct), L("已审核通过", "Approved"));

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken ct) => Run(id, a => editor.ReturnAsync(id, Comment, a, ct), L("已退回修改", "Returned for changes"));

    public Task<IActionResult> OnPostPublishAsync(long id, CancellationToken ct) => Run(id, a => editor.PublishAsync(id, a, ct), L("已发布", "Published"));

    public Task<IActionResult> OnPostSuspendAsync(long id, CancellationToken ct) => Run(id, a => editor.SuspendAsync(id, Reason, a, ct), L("已暂停办理", "Suspended"));

    public Task<IActionResult> OnPostResumeAsync(long id, CancellationToken ct) => Run(id, a => editor.ResumeAsync(id, a, ct), L("已恢复办理", "Resumed"));

    public Task<IActionResult> OnPostUnpublishAsync(long id, CancellationToken ct) => Run(id, a => editor.UnpublishAsync(id, Reason, a, ct), L("已取消发布", "Unpublished"));

    private static string L(string zh, string en) => Lang.L(zh, en);

    private async Task<IActionResult> Run(long id, Func<CatalogActor, Task<Outcome<EditResult>>> action, string done)
    {
        Actor = CatalogClaims.ToActor(User)!;
        var header = await queries.HeaderAsync(id, ct: HttpContext.RequestAborted);
        if (header == null || !CatalogAdminQueries.MayView(Actor, header))
        {
            return NotFound();
        }

        var outcome = await action(Actor);
        if (outcome.Failure?.Kind == FailureKind.Forbidden)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (outcome.Succeeded)
        {
            TempData["Message"] = done;
        }
        else
        {
            TempData["Error"] = outcome.Failure!.Errors?.FirstOrDefault().Value?.FirstOrDefault() ?? outcome.Failure.Detail;
        }

        return Redirect($"/admin/catalog/{id}");
    }
}
