using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.DataCatalog.Domain;
using OneWindow.DataCatalog.Features;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.DataCatalog.Features.Reading;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.DataCatalog.Pages.Admin.DataResources;

/// <summary>信息资源目录编制与审核: the resources the staff member edits or reviews (drafts, submit), and for reviewers
/// the queue of submitted versions with publish and return.</summary>
public sealed class IndexModel(ResourceReader reader, ResourceEditor editor) : PageModel
{
    public IReadOnlyList<DataResource> Resources { get; private set; } = [];

    public IReadOnlyList<DataResource> Queue { get; private set; } = [];

    private PlatformPrincipal Staff => PlatformPrincipal.From(User)!;

    public bool MayEdit(DataResource r) => DataCatalogAccess.MayEdit(Staff, r.ProviderDepartmentId, r.ProviderRegion);

    public bool MayReview(DataResource r) => DataCatalogAccess.MayReview(Staff, r.ProviderDepartmentId, r.ProviderRegion);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DataCatalogAccess.HasCatalogueRole(Staff))
        {
            return Forbid();
        }

        Resources = await reader.WithinReachAsync(Staff, 500, ct);
        Queue = Resources.Where(r => r.LatestState == VersionStates.Submitted && MayReview(r)).ToList();
        return Page();
    }

    public Task<IActionResult> OnPostSubmitAsync(string key, CancellationToken ct) => ActAsync(editor.SubmitAsync(key, Staff, ct), "已提交审核", "submitted for review");

    public Task<IActionResult> OnPostPublishAsync(string key, CancellationToken ct) => ActAsync(editor.PublishAsync(key, Staff, ct), "已发布", "published");

    public Task<IActionResult> OnPostReturnAsync(string key, string? reason, CancellationToken ct) => ActAsync(editor.ReturnAsync(key, reason, Staff, ct), "已退回", "returned");

    private async Task<IActionResult> ActAsync(Task<Outcome<DataResource>> action, string zh, string en)
    {
        var result = await action;
        if (result.Failure is { } failure)
        {
            TempData["Problem"] = failure.Errors is { Count: > 0 } errors ? errors.First().Value[0] : failure.Detail;
        }
        else
        {
            var r = result.Value!;
            TempData["Message"] = Lang.L($"{r.Name}（{r.Code}）{zh}。", $"{r.Name} ({r.Code}) {en}.");
        }

        return Redirect("/admin/data-resources");
    }
}
