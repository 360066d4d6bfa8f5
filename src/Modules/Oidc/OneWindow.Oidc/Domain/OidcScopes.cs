namespace OneWindow.Oidc.Domain;

/// <summary>The scopes and grant types the provider knows. A client's allowed scopes are a subset of these.</summary>
public static class OidcScopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";

    /// <summary>OIDC core §11: asks for a refresh token (only with the authorization code flow, and only for a client
    /// registered for the refresh_token grant and this scope).</summary>
    public const string OfflineAccess = "offline_access";

    /// <summary>Manage OIDC clients (docs/integration-oidc.md, client administration).</summary>
    public const string ClientsManage = "clients.manage";
    public const string CatalogRead = "catalog.read";
    public const string CasesRead = "cases.read";
    public const string CasesWrite = "cases.write";

    /// <summary>Manage the client's own webhook subscriptions (docs/integration-webhooks.md).</summary>
    public const string WebhooksManage = "webhooks.manage";

    /// <summary>Feed the department's own base-registry sources (docs/registry.md).</summary>
    public const string RegistryWrite = "registry.write";
    /// <summary>Import licences for the client's department (docs/licences.md).</summary>
    public const string LicencesWrite = "licences.write";

    /// <summary>Read licences holders shared with the client's department (docs/licences.md).</summary>
    public const string LicencesRead = "licences.read";

    public const string AuthorizationCode = "authorization_code";
    public const string ClientCredentials = "client_credentials";
    public const string RefreshToken = "refresh_token";

    /// <summary>The protocol's own scopes (OpenID Connect), as opposed to the API scopes modules register in the
    /// <see cref="OneWindow.Shared.Security.ApiScopeCatalog"/>.</summary>
    public static readonly IReadOnlyList<string> Protocol = [OpenId, Profile, OfflineAccess];

    /// <summary>API scopes the provider knew before modules registered theirs in the catalogue; still accepted (see
    /// <see cref="Clients.ScopeDirectory"/>), and published, so existing registrations keep working.</summary>
    public static readonly IReadOnlyList<string> Legacy = [CatalogRead, CasesRead, CasesWrite, WebhooksManage, RegistryWrite, LicencesRead, LicencesWrite];

    public static readonly IReadOnlyList<string> Supported = [.. Protocol, .. Legacy];

    public static readonly IReadOnlyList<string> GrantTypes = [AuthorizationCode, ClientCredentials, RefreshToken];

    /// <summary>Scopes about a person: meaningless for a client acting as itself.</summary>
    public static bool IsUserScope(string scope) => scope is OpenId or Profile or OfflineAccess;

    /// <summary>Splits a scope parameter (RFC 6749 §3.3: space-delimited, case-sensitive).</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}
