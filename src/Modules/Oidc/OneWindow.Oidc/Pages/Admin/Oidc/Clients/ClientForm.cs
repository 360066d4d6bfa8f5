using Microsoft.AspNetCore.Mvc;
using OneWindow.Oidc.Clients;
using OneWindow.Oidc.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Oidc.Pages.Admin.Oidc.Clients;

/// <summary>The fields of a client as the create and edit forms post them (URIs one per line), the choices they
/// offer, and the errors to show next to each field.</summary>
public sealed class ClientForm
{
    public static readonly string[] Fields = ["clientId", "name", "departmentId", "grantTypes", "scopes", "redirectUris", "postLogoutRedirectUris"];

    [BindProperty] public string? ClientId { get; set; }

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public long? DepartmentId { get; set; }

    [BindProperty] public List<string> GrantTypes { get; set; } = [];

    [BindProperty] public List<string> Scopes { get; set; } = [];

    [BindProperty] public string? RedirectUris { get; set; }

    [BindProperty] public string? PostLogoutRedirectUris { get; set; }

    /// <summary>The client id field (create only; it never changes).</summary>
    public bool EditsClientId { get; set; }

    /// <summary>Platform admins choose the department; department admins' clients stay in their department.</summary>
    public bool ChoosesDepartment { get; set; }

    public IReadOnlyList<OrgDepartment> Departments { get; set; } = [];

    public IReadOnlyList<(string Scope, string? Description)> ScopeChoices { get; set; } = [];

    public FormErrors Errors { get; set; } = new();

    public ClientInput ToInput() => new(ClientId, Name, DepartmentId, GrantTypes, Scopes, Lines(RedirectUris), Lines(PostLogoutRedirectUris));

    public void Fill(OidcClient client)
    {
        ClientId = client.ClientId;
        Name = client.Name;
        DepartmentId = client.DepartmentId;
        GrantTypes = [.. client.GrantTypeSet];
        Scopes = [.. client.ScopeSet];
        RedirectUris = string.Join('\n', client.RedirectUriSet);
        PostLogoutRedirectUris = string.Join('\n', client.PostLogoutRedirectUriSet);
    }

    public async Task LoadChoicesAsync(ClientAdministration admin, ClientAdminActor actor, ScopeDirectory scopes, CancellationToken ct)
    {
        ChoosesDepartment = actor.PlatformAdmin;
        Departments = await admin.DepartmentsAsync(actor, ct);
        ScopeChoices = scopes.All.Select(s => (s, scopes.Describe(s))).ToList();
    }

    public void Show(Failure failure) => failure.AddTo(Errors, Label, "name");

    public static string Label(string field) => field switch
    {
        "clientId" => Lang.L("客户端标识", "Client id"),
        "name" => Lang.L("名称", "Name"),
        "departmentId" => Lang.L("所属部门", "Department"),
        "grantTypes" => Lang.L("授权类型", "Grant types"),
        "scopes" => Lang.L("范围", "Scopes"),
        "redirectUris" => Lang.L("回调地址", "Redirect URIs"),
        "postLogoutRedirectUris" => Lang.L("退出后返回地址", "Post-logout redirect URIs"),
        _ => field,
    };

    public static string GrantLabel(string grant) => grant switch
    {
        OidcScopes.AuthorizationCode => Lang.L("授权码（用户单点登录）", "Authorization code (user sign-in)"),
        OidcScopes.ClientCredentials => Lang.L("客户端凭证（系统自身调用接口）", "Client credentials (the system itself)"),
        OidcScopes.RefreshToken => Lang.L("刷新令牌（须同时开通授权码和 offline_access）", "Refresh token (with authorization code and offline_access)"),
        _ => grant,
    };

    private static List<string> Lines(string? value) =>
        (value ?? "").Split(['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
}
