using Microsoft.AspNetCore.Mvc;
using OneWindow.Identity.Features.ApiKeys;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages.Account;

/// <summary>API 密钥: the citizen's keys (prefix, scopes, last use, status), create one (the key is shown once, on the
/// answer to the POST, never in a URL), revoke one. Works without JavaScript; the copy button is an enhancement.</summary>
public sealed class ApiKeysModel(ApiKeyService keys, ApiKeySettings settings, TimeProvider clock) : CitizenPage
{
    public IReadOnlyList<ApiKeyView> Keys { get; private set; } = [];

    public IReadOnlyList<ApiScope> Scopes => keys.KeyableScopes;

    public int PermitPerMinute => settings.PermitPerMinute;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    /// <summary>The key just created: shown once.</summary>
    public CreatedApiKey? Created { get; private set; }

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public List<string> Scope { get; set; } = [];

    /// <summary>"" = never; else days.</summary>
    [BindProperty] public string? ExpiresInDays { get; set; } = "365";

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    public static readonly int[] Lifetimes = [30, 90, 365];

    public async Task OnGetAsync(CancellationToken ct) => Keys = await keys.ListAsync(CitizenId, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        int? days = null;
        if (!string.IsNullOrEmpty(ExpiresInDays))
        {
            days = int.TryParse(ExpiresInDays, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : -1;
        }

        var outcome = await keys.CreateAsync(CitizenId, new CreateApiKeyRequest(Name, Scope, null, days), ct);
        if (outcome.Failure is { } failure)
        {
            failure.AddTo(Errors, Label, "name");
            Response.StatusCode = failure.Status;
        }
        else
        {
            Created = outcome.Value;
            Name = null;
            Scope = [];
            Response.Headers.CacheControl = "no-store";
        }

        Keys = await keys.ListAsync(CitizenId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var outcome = await keys.RevokeAsync(CitizenId, id, ct);
        if (outcome.Failure is { } failure)
        {
            Errors.Add("keys", "", failure.Detail);
            Response.StatusCode = failure.Status;
            Keys = await keys.ListAsync(CitizenId, ct);
            return Page();
        }

        return RedirectToPage(new { Done = "revoked" });
    }

    public string Status(ApiKeyView key) => key.Status(Now) switch
    {
        "revoked" => Lang.L("已撤销", "Revoked"),
        "expired" => Lang.L("已过期", "Expired"),
        _ => Lang.L("有效", "Active"),
    };

    private static string Label(string field) => field switch
    {
        "name" => Lang.L("名称", "Name"),
        "scopes" => Lang.L("接口权限", "Scopes"),
        "expiresInDays" => Lang.L("有效期", "Lifetime"),
        _ => "",
    };
}
