using Microsoft.AspNetCore.Mvc;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>Edits the latest version. The item's Revision travels in a hidden field, so a save over someone else's
/// newer change is refused (optimistic concurrency) instead of silently overwriting it.</summary>
public sealed class EditModel(CatalogAdminQueries queries, CatalogEditor editor) : GuideFormPage
{
    [BindProperty] public int Revision { get; set; }

    [BindProperty] public string? ChangeNote { get; set; }

    public AdminItemHeader Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var item = await queries.EditableAsync(id, ct);
        if (Refuse(item?.Header) is { } refused)
        {
            return refused;
        }

        Item = item!.Header;
        Revision = Item.Revision;
        Form = GuideForm.From(item.Guide);
        Form.EnsureEmptyRows(null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var header = await queries.HeaderAsync(id, ct);
        if (Refuse(header) is { } refused)
        {
            return refused;
        }

        Item = header!;
        if (HandledAddRow() || !TryParse(out var guide))
        {
            return Page();
        }

        var outcome = await editor.SaveDraftAsync(id, guide, Revision, string.IsNullOrWhiteSpace(ChangeNote) ? null : ChangeNote.Trim(), Actor, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = Lang.L($"已保存第{outcome.Value!.VersionNo}版草稿", $"Draft version {outcome.Value!.VersionNo} saved");
            return Redirect($"/admin/catalog/{id}");
        }

        ShowFailure(outcome.Failure!);
        return Page();
    }

    /// <summary>Another department's item does not exist for an editor (404); a reviewer may look but not edit (403).</summary>
    private IActionResult? Refuse(AdminItemHeader? header)
    {
        if (header == null || !CatalogAdminQueries.MayView(Actor, header))
        {
            return NotFound();
        }

        return Actor.MayEdit(header.DepartmentId, header.DepartmentRegionCode) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }
}
