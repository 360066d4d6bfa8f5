using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Admin.Staff;

/// <summary>The staff directory: the accounts the reader reaches (their department, or their division and below),
/// filtered by department or division in the query string, keyset-paged in user-name order.</summary>
public sealed class IndexModel(StaffQueries queries, IOrganisationDirectory directory, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    [BindProperty(SupportsGet = true)] public string? Region { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public StaffPage Result { get; private set; } = new([], null);

    /// <summary>The departments the reader may list (the department filter's choices).</summary>
    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    public IReadOnlyDictionary<long, OrgDepartment> ById { get; private set; } = new Dictionary<long, OrgDepartment>();

    public ValidationErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public bool MayFilterByRegion { get; private set; }

    public bool MayCreate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = StaffActor.From(PlatformPrincipal.From(User))!;
        var all = await directory.DepartmentsAsync(ct);
        ById = all.ToDictionary(d => d.Id);
        Departments = all.Where(d => StaffPermissions.MayViewDepartment(actor.Scope, d.Id, d.RegionCode)).ToList();
        MayCreate = all.Any(d => StaffPermissions.MayCreateIn(actor.Scope, d.Id, d.RegionCode));
        MayFilterByRegion = actor.Scope.RegionCode is { } own && StaffPermissions.MayViewRegion(actor.Scope, own);

        // An unknown department in the link is dropped (a stale bookmark); a malformed division is pointed out.
        var department = all.FirstOrDefault(d => d.Key == Department);
        if (department == null) Department = null;
        Region = string.IsNullOrWhiteSpace(Region) ? null : Region.Trim();
        if (Region != null && (Region.Length != 6 || !Region.All(char.IsAsciiDigit)))
        {
            Errors.Add("region", Lang.L("行政区划代码应为6位数字，例如 340104", "A division code has 6 digits, e.g. 340104"));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        string? after = StaffCursor.TryDecode(After, out var last) ? last : null;
        var outcome = await queries.ListAsync(new StaffListFilter(department?.Id, Region, after, PageSize), actor, ct);
        if (!outcome.Succeeded)
        {
            Problem = outcome.Failure!.Detail;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        Result = outcome.Value!;
        return Page();
    }

    public string DepartmentName(long id) => ById.TryGetValue(id, out var d) ? (Lang.IsEnglish ? d.NameEn : d.Name) : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Status(StaffView staff) =>
        staff.Disabled ? Lang.L("已停用", "Disabled") : staff.LockedUntil > clock.GetUtcNow() ? Lang.L("已锁定", "Locked") : Lang.L("正常", "Active");

    public string Link(string? after = null) =>
        QueryHelpers.AddQueryString("/admin/staff", new Dictionary<string, string?> { ["department"] = Department, ["region"] = Region, ["after"] = after }
            .Where(p => !string.IsNullOrEmpty(p.Value)));
}
