using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Identity.Features;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Admin.Staff;

/// <summary>One staff account: its roles with grant and revoke, disable or enable, and password reset (the new
/// one-time password is shown on this response only, marked no-store). Each action is a POST with a CSRF token;
/// the service decides whether the reader may take it (403 otherwise) and audits it.</summary>
public sealed class ShowModel(StaffQueries queries, StaffAdministration administration, IOrganisationDirectory directory, TimeProvider clock) : PageModel
{
    public StaffView Member { get; private set; } = null!;

    public OrgDepartment? Department { get; private set; }

    public bool IsSelf { get; private set; }

    /// <summary>May disable, enable, reset and change roles of this account.</summary>
    public bool MayManage { get; private set; }

    /// <summary>Roles the reader could grant here that the account does not hold yet.</summary>
    public IReadOnlyList<string> Grantable { get; private set; } = [];

    public IReadOnlySet<string> Revocable { get; private set; } = new HashSet<string>();

    [BindProperty] public string? Role { get; set; }

    public ValidationErrors Errors { get; private set; } = new();

    public string? NewPassword { get; private set; }

    public bool Locked => Member.LockedUntil > clock.GetUtcNow();

    public Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => ShowAsync(id, ct);

    public Task<IActionResult> OnPostGrantAsync(long id, CancellationToken ct) =>
        RunAsync(id, a => administration.GrantAsync(id, Role, a, ct), Lang.L("已授予角色", "Role granted"), ct);

    public Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct) =>
        RunAsync(id, a => administration.RevokeAsync(id, Role, a, ct), Lang.L("已撤销角色", "Role revoked"), ct);

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken ct) =>
        RunAsync(id, a => administration.SetDisabledAsync(id, true, a, ct), Lang.L("账号已停用", "Account disabled"), ct);

    public Task<IActionResult> OnPostEnableAsync(long id, CancellationToken ct) =>
        RunAsync(id, a => administration.SetDisabledAsync(id, false, a, ct), Lang.L("账号已启用", "Account enabled"), ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(long id, CancellationToken ct)
    {
        var outcome = await administration.ResetPasswordAsync(id, Actor, ct);
        if (!outcome.Succeeded)
        {
            return Refuse(outcome.Failure!);
        }

        Response.Headers.CacheControl = "no-store";
        NewPassword = outcome.Value!.InitialPassword;
        return await ShowAsync(id, ct);
    }

    public string? Error(string field) => Errors.First(field);

    private StaffActor Actor => StaffActor.From(PlatformPrincipal.From(User))!;

    private async Task<IActionResult> RunAsync(long id, Func<StaffActor, Task<Outcome<StaffView>>> action, string done, CancellationToken ct)
    {
        var outcome = await action(Actor);
        switch (outcome.Failure)
        {
            case null:
                TempData["Message"] = done;
                return Redirect($"/admin/staff/{id}");
            case { Kind: FailureKind.Invalid } invalid:
                Errors = IdentityText.Fields(invalid);
                var page = await ShowAsync(id, ct);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return page;
            case var refusal:
                return Refuse(refusal);
        }
    }

    private IActionResult Refuse(Failure failure) => failure.Kind == FailureKind.NotFound ? NotFound() : StatusCode(StatusCodes.Status403Forbidden);

    private async Task<IActionResult> ShowAsync(long id, CancellationToken ct)
    {
        var actor = Actor;
        var outcome = await queries.GetAsync(id, actor, ct);
        if (!outcome.Succeeded)
        {
            return Refuse(outcome.Failure!);
        }

        Member = outcome.Value!;
        Department = await directory.DepartmentAsync(Member.DepartmentId, ct);
        IsSelf = actor.IsSelf(id);
        MayManage = !IsSelf && StaffPermissions.MayManage(actor.Scope, Member.DepartmentId, Member.RegionCode, Member.Roles);
        var grantable = MayManage ? StaffPermissions.GrantableRoles(actor.Scope, Member.DepartmentId, Member.RegionCode) : [];
        Grantable = grantable.Where(r => !Member.Roles.Contains(r)).ToList();
        Revocable = grantable.Where(Member.Roles.Contains).ToHashSet();
        return Page();
    }
}
