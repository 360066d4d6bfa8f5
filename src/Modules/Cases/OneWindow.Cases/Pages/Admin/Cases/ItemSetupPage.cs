using OneWindow.Shared.Results;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>The item's form (catalogue editor) or process (department admin) as JSON in a textarea: the saved definition
/// is shown and previewed; a refused save shows the posted text again with every error listed beside it.</summary>
public abstract class ItemSetupPage(ItemSetups setups, IOrganisationDirectory organisation) : PageModel
{
    public ItemSetupView View { get; private set; } = null!;

    [BindProperty] public string? Definition { get; set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public string? ProblemText { get; private set; }

    public bool MayEdit { get; private set; }

    public IReadOnlyDictionary<long, OrgDepartment> Departments { get; private set; } = new Dictionary<long, OrgDepartment>();

    /// <summary>The role that edits this part of the setup.</summary>
    protected abstract string EditorRole { get; }

    protected abstract string SavedJson(ItemSetupView view);

    protected abstract Task<Outcome<ItemSetupView>> SaveAsync(CaseActor actor, long itemId, string json, CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(long itemId, CancellationToken ct)
    {
        if (!await LoadAsync(itemId, ct))
        {
            return NotFound();
        }

        Definition = Pretty(SavedJson(View));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long itemId, CancellationToken ct)
    {
        var result = await SaveAsync(CaseActor.From(PlatformPrincipal.From(User)!), itemId, Definition ?? "", ct);
        if (result.Succeeded)
        {
            TempData["Message"] = Lang.L("已保存。新的申请按此配置办理，已提交的办件不受影响。", "Saved. New applications follow it; cases already submitted keep theirs.");
            return Redirect(Request.Path);
        }

        if (result.Failure!.Status == StatusCodes.Status404NotFound || !await LoadAsync(itemId, ct))
        {
            return NotFound();
        }

        ProblemText = CaseStaffText.Problem(result.Failure);
        Errors = result.Failure.Errors?.SelectMany(e => e.Value).ToList() ?? [];
        Response.StatusCode = result.Failure.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(long itemId, CancellationToken ct)
    {
        var view = await setups.GetAsync(itemId, ct);
        if (view == null)
        {
            return false;
        }

        View = view;
        MayEdit = PlatformPrincipal.From(User)!.Scope.Reaches(EditorRole, view.DepartmentId, view.RegionCode);
        Departments = (await organisation.DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        return true;
    }

    private static string Pretty(string json) =>
        JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, new JsonSerializerOptions(CaseJson.Options) { WriteIndented = true });
}
