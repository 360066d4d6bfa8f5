using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Pages.Admin.Exchange;

/// <summary>共享调用日志: a department's exchange calls as consumer or provider (newest first, keyset paging) and the
/// figures per resource and counterpart for a period — the same reads as GET /api/v1/exchange/log and /figures.</summary>
public sealed class LogModel(LogQueries queries, IOrganisationDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "as")] public string? Side { get; set; }

    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    [BindProperty(SupportsGet = true)] public string? Resource { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    [BindProperty(SupportsGet = true)] public string? From { get; set; }

    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    public LogPage? Calls { get; private set; }

    public LogFigures? Figures { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = PlatformPrincipal.From(User);
        if (!LogAccess.HasLogRole(staff))
        {
            return Forbid();
        }

        Departments = (await directory.DepartmentsAsync(ct)).Where(d => LogAccess.MayRead(staff, d)).ToList();
        if (string.IsNullOrEmpty(Department) && (staff!.DepartmentId == null || Departments.All(d => d.Id != staff.DepartmentId)) && Departments.Count > 0)
        {
            Department = Departments[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (Departments.Count == 0)
        {
            return Page();
        }

        var list = await queries.ListAsync(new LogQuery(Side, Department, Resource, After, "50"), staff, ct);
        var figures = await queries.FiguresAsync(new LogQuery(Side, Department, null, null, null, From, To), staff, ct);
        Calls = list.Value;
        Figures = figures.Value;
        if ((list.Failure ?? figures.Failure) is { } failure)
        {
            // Both reads check the same query: their field errors together, once each.
            Errors = new[] { list.Failure, figures.Failure }.SelectMany(f => f?.Errors ?? new Dictionary<string, string[]>())
                .GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray());
            Problem = Errors.Count > 0 ? null : failure.Detail;
            Response.StatusCode = failure.Status;
        }

        return Page();
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? messages[0] : null;

    public string NextUrl(string cursor) =>
        $"/admin/exchange/log?as={Uri.EscapeDataString(Calls?.Side ?? "")}&department={Calls?.Department.Id}&resource={Uri.EscapeDataString(Resource ?? "")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&after={Uri.EscapeDataString(cursor)}";
}
