using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity.Features;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Pages.Admin.Staff;

/// <summary>新建工作人员: user name, name, department, division and initial roles. On success the page shows the
/// one-time initial password once (not stored in clear, not put in TempData or a redirect) and is marked no-store.</summary>
public sealed class NewModel(StaffAdministration administration, IOrganisationDirectory directory) : PageModel
{
    [BindProperty] public string? UserName { get; set; }

    [BindProperty] public string? DisplayName { get; set; }

    [BindProperty] public string? DepartmentKey { get; set; }

    [BindProperty] public string? RegionCode { get; set; }

    [BindProperty] public List<string> Roles { get; set; } = [];

    /// <summary>Departments the actor may create accounts in.</summary>
    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    /// <summary>Roles the actor may grant at all (per department the service checks again).</summary>
    public IReadOnlyList<string> GrantableRoles { get; private set; } = [];

    /// <summary>The division only matters to region roles; who cannot grant one gets the department's division.</summary>
    public bool OffersRegionRoles => GrantableRoles.Any(StaffRoles.IsRegionScoped) || Errors.Has("regionCode");

    public ValidationErrors Errors { get; private set; } = new();

    public string? Problem { get; private set; }

    public CreatedStaff? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        if (Departments.Count == 0)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        DepartmentKey ??= Departments.Count == 1 ? Departments[0].Key : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await LoadChoicesAsync(ct);
        var outcome = await administration.CreateAsync(new CreateStaffRequest(UserName, DisplayName, DepartmentKey, RegionCode, Roles), actor, ct);
        switch (outcome.Failure)
        {
            case null:
                Created = outcome.Value;
                Response.Headers.CacheControl = "no-store";
                return Page();
            case { Kind: FailureKind.Invalid } invalid:
                Errors = IdentityText.Fields(invalid);
                break;
            case { Kind: FailureKind.Conflict } taken:
                Errors.Add("userName", taken.Detail);
                break;
            case var refusal:
                Problem = refusal.Detail;
                break;
        }

        Response.StatusCode = outcome.Failure.Status;
        return Page();
    }

    public string? Error(string field) => Errors.First(field);

    private async Task<StaffActor> LoadChoicesAsync(CancellationToken ct)
    {
        var actor = StaffActor.From(PlatformPrincipal.From(User))!;
        Departments = (await directory.DepartmentsAsync(ct)).Where(d => StaffPermissions.MayCreateIn(actor.Scope, d.Id, d.RegionCode)).ToList();
        GrantableRoles = StaffRoles.All.Where(role => Departments.Any(d => StaffPermissions.MayGrant(actor.Scope, role, d.Id, d.RegionCode))).ToList();
        return actor;
    }
}
