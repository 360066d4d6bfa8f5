using Microsoft.AspNetCore.Mvc;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Browse;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>Creates an item as a draft. Editors create only in their own department (the choice is fixed for them).</summary>
public sealed class NewModel(CatalogAdminQueries queries, CatalogEditor editor) : GuideFormPage
{
    [BindProperty] public long? DepartmentId { get; set; }

    [BindProperty] public string? RegionCode { get; set; }

    public IReadOnlyList<DepartmentSummary> Departments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Actor.CanEdit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Departments = await queries.DepartmentsAsync(Actor, ct);
        var own = Departments.FirstOrDefault(d => d.Id == Actor.DepartmentId);
        DepartmentId = own?.Id;
        RegionCode = own?.RegionCode ?? Departments.FirstOrDefault()?.RegionCode;
        Form.EnsureEmptyRows(null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Actor.CanEdit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Departments = await queries.DepartmentsAsync(Actor, ct);
        if (!Actor.IsPlatformAdmin)
        {
            DepartmentId = Actor.DepartmentId;
        }

        if (HandledAddRow())
        {
            return Page();
        }

        if (!TryParse(out var guide))
        {
            return Page();
        }

        var outcome = await editor.CreateAsync(DepartmentId ?? 0, RegionCode?.Trim() ?? "", guide, Actor, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = Lang.L("已创建草稿", "Draft created");
            return Redirect($"/admin/catalog/{outcome.Value!.ItemId}");
        }

        ShowFailure(outcome.Failure!);
        return Page();
    }
}
