using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Web;

namespace OneWindow.Oidc.Pages.Admin.Oidc.Clients;

/// <summary>接入系统: the OIDC clients a platform admin (all) or department admin (its department's) administers.
/// Other staff get 403.</summary>
public sealed class IndexModel(ClientAdministration admin, IOrganisationDirectory directory) : PageModel
{
    public IReadOnlyList<OidcClient> Clients { get; private set; } = [];

    public IReadOnlyDictionary<long, OrgDepartment> Departments { get; private set; } = new Dictionary<long, OrgDepartment>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Clients = await admin.ListAsync(actor, ct);
        Departments = (await directory.DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        return Page();
    }

    public string DepartmentName(long? id) => id is { } d
        ? Departments.TryGetValue(d, out var department) ? (Lang.IsEnglish ? department.NameEn : department.Name) : d.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Lang.L("平台级", "Platform");
}
