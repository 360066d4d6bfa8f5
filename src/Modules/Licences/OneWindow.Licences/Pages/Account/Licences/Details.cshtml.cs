using Microsoft.AspNetCore.Mvc;
using OneWindow.Licences.Features;
using OneWindow.Licences.Features.Holding;
using OneWindow.Licences.Features.Sharing;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Web;

namespace OneWindow.Licences.Pages.Account.Licences;

/// <summary>One licence rendered like the paper one (print stylesheet), its QR code (the verification link with the
/// signed payload), and 用证授权: share it with a department for a purpose and a number of days; revoke grants.</summary>
public sealed class DetailsModel(IApplicantDirectory applicants, HolderLicences licences, ShareGrants grants, IOrganisationDirectory organisation) : HolderPage(applicants)
{
    public HolderLicence? Licence { get; private set; }

    public string QrSvgMarkup { get; private set; } = "";

    public string VerifyUrl { get; private set; } = "";

    public IReadOnlyList<GrantView> Grants { get; private set; } = [];

    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    [BindProperty] public long DepartmentId { get; set; }

    [BindProperty] public string? Purpose { get; set; }

    [BindProperty] public int Days { get; set; } = 30;

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : Missing();

    public async Task<IActionResult> OnPostShareAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Missing();
        }

        var outcome = await grants.GrantAsync(Holder!.Code, Principal.Subject, id, DepartmentId, Purpose, Days, ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/account/licences/{id}?done=shared");
        }

        foreach (var (field, messages) in outcome.Failure!.Errors ?? new Dictionary<string, string[]>())
        {
            var label = field switch { "Purpose" => Lang.L("用途", "Purpose"), "Days" => Lang.L("期限（天）", "Days"), _ => Lang.L("部门", "Department") };
            Errors.Add(field, label, messages[0]);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, long grantId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Missing();
        }

        var outcome = await grants.RevokeAsync(Holder!.Code, Principal.Subject, grantId, ct);
        return outcome.Succeeded ? Redirect($"/account/licences/{id}?done=revoked") : Missing();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (!await ResolveHolderAsync(ct))
        {
            return false;
        }

        Licence = await licences.GetAsync(Holder!.Code, id, ct);
        if (Licence == null)
        {
            return false;
        }

        VerifyUrl = $"{Request.Scheme}://{Request.Host}/licences/verify?p={Uri.EscapeDataString(Licence.Payload)}";
        QrSvgMarkup = QrSvg.Render(VerifyUrl, 3);
        Grants = await grants.ForLicenceAsync(Holder.Code, id, ct);
        Departments = await organisation.DepartmentsAsync(ct);
        return true;
    }

    private IActionResult Missing() => NeedsVerification ? Redirect("/account/licences") : NotFound();
}
