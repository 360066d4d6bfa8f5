using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Results;

namespace OneWindow.Oidc.Pages.Admin.Oidc.Clients;

/// <summary>登记接入系统: the client's settings; on success the generated secret is shown on this response only
/// (stored as a hash, never in TempData or a redirect; the response is no-store).</summary>
public sealed class NewModel(ClientAdministration admin, ScopeDirectory scopes) : PageModel
{
    [BindProperty] public ClientForm Form { get; set; } = new();

    public RegisteredClient? Created { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Form.GrantTypes = [OidcScopes.AuthorizationCode];
        Form.Scopes = [OidcScopes.OpenId, OidcScopes.Profile];
        Form.DepartmentId = actor.PlatformAdmin ? null : actor.DepartmentId;
        await PrepareAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ClientAdminActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await admin.CreateAsync(Form.ToInput(), actor, ct);
        await PrepareAsync(actor, ct);
        if (outcome.Succeeded)
        {
            Created = outcome.Value;
            Response.Headers.CacheControl = "no-store";
            return Page();
        }

        if (outcome.Failure!.Kind == FailureKind.Invalid)
        {
            Form.Show(outcome.Failure);
        }
        else
        {
            Problem = outcome.Failure.Detail;
        }

        Response.StatusCode = outcome.Failure.Status;
        return Page();
    }

    private async Task PrepareAsync(ClientAdminActor actor, CancellationToken ct)
    {
        Form.EditsClientId = true;
        await Form.LoadChoicesAsync(admin, actor, scopes, ct);
    }
}
