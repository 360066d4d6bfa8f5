using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Oidc.Pages.Admin.Oidc.Clients;

/// <summary>One client: its settings with an edit form, rotate secret (the new one shown on this response only,
/// no-store), disable and enable. Each action is a POST with a CSRF token; a client outside the reader's reach is 404.</summary>
public sealed class ShowModel(ClientAdministration admin, ScopeDirectory scopes, IOrganisationDirectory directory) : PageModel
{
    [BindProperty] public ClientForm Form { get; set; } = new();

    public OidcClient Client { get; private set; } = null!;

    public OrgDepartment? Department { get; private set; }

    public string? NewSecret { get; private set; }

    public Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => ShowAsync(id, fill: true, ct);

    public async Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await admin.UpdateAsync(id, Form.ToInput(), actor, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = Lang.L("已保存", "Saved");
            return Redirect($"/admin/oidc/clients/{id}");
        }

        if (outcome.Failure!.Kind != FailureKind.Invalid)
        {
            return Refuse(outcome.Failure);
        }

        Form.Show(outcome.Failure);
        var page = await ShowAsync(id, fill: false, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnPostRotateAsync(long id, CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await admin.RotateSecretAsync(id, actor, ct);
        if (!outcome.Succeeded)
        {
            return Refuse(outcome.Failure!);
        }

        Response.Headers.CacheControl = "no-store";
        NewSecret = outcome.Value!.Secret;
        return await ShowAsync(id, fill: true, ct);
    }

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken ct) => SetDisabledAsync(id, true, ct);

    public Task<IActionResult> OnPostEnableAsync(long id, CancellationToken ct) => SetDisabledAsync(id, false, ct);

    private async Task<IActionResult> SetDisabledAsync(long id, bool disabled, CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await admin.SetDisabledAsync(id, disabled, actor, ct);
        if (!outcome.Succeeded)
        {
            return Refuse(outcome.Failure!);
        }

        TempData["Message"] = disabled ? Lang.L("已停用：该系统不能再获取令牌，刷新令牌已撤销", "Disabled: the client cannot get tokens any more; its refresh tokens are revoked")
            : Lang.L("已启用", "Enabled");
        return Redirect($"/admin/oidc/clients/{id}");
    }

    private IActionResult Refuse(Failure failure) => failure.Kind == FailureKind.NotFound ? NotFound() : StatusCode(StatusCodes.Status403Forbidden);

    private async Task<IActionResult> ShowAsync(long id, bool fill, CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await admin.GetAsync(id, actor, ct);
        if (!outcome.Succeeded)
        {
            return Refuse(outcome.Failure!);
        }

        Client = outcome.Value!;
        Department = Client.DepartmentId is { } d ? await directory.DepartmentAsync(d, ct) : null;
        if (fill)
        {
            Form.Fill(Client);
        }

        await Form.LoadChoicesAsync(admin, actor, scopes, ct);
        return Page();
    }
}
