using OneWindow.Oidc.Domain;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Clients;

/// <summary>
/// The scopes the provider accepts and publishes: the OpenID Connect ones (openid, profile, offline_access), every API
/// scope the deployed modules registered in the <see cref="ApiScopeCatalog"/> (services.AddApiScopes), and the API
/// scopes the provider knew before the catalogue (<see cref="OidcScopes.Legacy"/>).
/// </summary>
public sealed class ScopeDirectory(ApiScopeCatalog? catalog = null)
{
    /// <summary>The catalogue's entry for an API scope, or null (protocol or legacy scopes have none).</summary>
    public ApiScope? Find(string scope) => catalog?.Find(scope);

    public bool IsKnown(string scope) => OidcScopes.Protocol.Contains(scope) || OidcScopes.Legacy.Contains(scope) || Find(scope) != null;

    /// <summary>Every scope, protocol ones first, then API scopes in name order.</summary>
    public IReadOnlyList<string> All =>
        [.. OidcScopes.Protocol, .. OidcScopes.Legacy.Concat(catalog?.All.Select(s => s.Name) ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The API scopes (no protocol ones) as an administrator may grant them to a client.</summary>
    public IReadOnlyList<string> ApiScopes => All.Where(s => !OidcScopes.Protocol.Contains(s)).ToList();

    /// <summary>A scope's description in the current language (the catalogue's), or null.</summary>
    public string? Describe(string scope) => scope switch
    {
        OidcScopes.OpenId => OneWindow.Shared.Web.Lang.L("登录身份（授权码模式必选）", "Sign-in identity (required for the code flow)"),
        OidcScopes.Profile => OneWindow.Shared.Web.Lang.L("姓名、部门、角色等基本信息", "Name, department, roles"),
        OidcScopes.OfflineAccess => OneWindow.Shared.Web.Lang.L("离线访问（刷新令牌）", "Offline access (refresh tokens)"),
        _ => Find(scope) is { } api ? OneWindow.Shared.Web.Lang.L(api.Zh, api.En) : null,
    };
}
