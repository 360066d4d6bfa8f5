namespace OneWindow.Oidc.Domain;

/// <summary>The scopes and grant types the provider knows. A client's allowed scopes are a subset of these.</summary>
public static class OidcScopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
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

    public static readonly IReadOnlyList<string> Supported = [OpenId, Profile, CatalogRead, CasesRead, CasesWrite, WebhooksManage, RegistryWrite, LicencesRead, LicencesWrite, "audit.read", "calendar.write", "catalog.write", "files.read", "files.write", "halls.read", "halls.write", "registry.read", "staff.read", "staff.write"]; // TEMP-MATRIX

    public static readonly IReadOnlyList<string> GrantTypes = [AuthorizationCode, ClientCredentials];

    /// <summary>Scopes about a person: meaningless for a client acting as itself.</summary>
    public static bool IsUserScope(string scope) => scope is OpenId or Profile;

    /// <summary>Splits a scope parameter (RFC 6749 §3.3: space-delimited, case-sensitive).</summary>
    public static IReadOnlyList<string> Parse(string? value) =>
        (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}
