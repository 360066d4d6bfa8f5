using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Licences.Features;
using OneWindow.Licences.Features.Keys;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Licences.Pages.Admin.Licences;

/// <summary>电子证照签名密钥: the issuing agencies a platform admin (all) or department admin (own department) reaches,
/// each with its keys (current and retired); rotating makes a new current key while the old ones keep verifying.</summary>
public sealed class KeysModel(KeyAdministration admin, IOrganisationDirectory directory) : PageModel
{
    public IReadOnlyList<(AgencyView Agency, string DepartmentName, IReadOnlyList<KeyView> Keys)> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        LicenceActor.From(User) is { IsStaff: true } actor && (actor.PlatformAdmin || actor.DepartmentAdmin) ? await ShowAsync(actor, ct) : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostRotateAsync(long departmentId, CancellationToken ct)
    {
        if (LicenceActor.From(User) is not { IsStaff: true } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await admin.RotateAsync(departmentId, actor, ct);
        return outcome.Failure?.Kind switch
        {
            null => RedirectWith(Lang.L($"已启用新密钥 {outcome.Value!.KeyId}，旧密钥继续用于核验", $"New key {outcome.Value!.KeyId} is current; old keys still verify")),
            FailureKind.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
            _ => NotFound(),
        };
    }

    private IActionResult RedirectWith(string message)
    {
        TempData["Message"] = message;
        return Redirect("/admin/licences/keys");
    }

    private async Task<IActionResult> ShowAsync(LicenceActor actor, CancellationToken ct)
    {
        var departments = (await directory.DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var rows = new List<(AgencyView, string, IReadOnlyList<KeyView>)>();
        foreach (var agency in (await admin.AgenciesAsync(ct)).Where(a => actor.RotatesKeysOf(a.DepartmentId)))
        {
            // Bounded: one agency for a department admin; a platform admin sees the city's departments (tens).
            var keys = await admin.ListAsync(agency.DepartmentId, actor, ct);
            var name = departments.TryGetValue(agency.DepartmentId, out var d) ? (Lang.IsEnglish && d.NameEn.Length > 0 ? d.NameEn : d.Name) : agency.Name;
            rows.Add((agency, name, keys.Value ?? []));
        }

        Agencies = rows;
        return Page();
    }
}
