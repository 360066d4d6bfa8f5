namespace OneWindow.Oidc.Domain;

/// <summary>
/// A department system registered for single sign-on (授权码 + PKCE) and/or machine access (客户端凭证).
/// The secret is never stored, only its PBKDF2 hash (see <see cref="Clients.ClientSecrets"/>). Lists are kept
/// space-separated: grant types, scopes and URIs never contain spaces.
/// </summary>
public sealed class OidcClient
{
    public long Id { get; set; }

    /// <summary>The public identifier, e.g. "gaj-business-system".</summary>
    public required string ClientId { get; set; }

    public required string Name { get; set; }

    /// <summary>The catalogue department the system belongs to (its tokens carry ow:department), if any.</summary>
    public long? DepartmentId { get; set; }

    /// <summary>pbkdf2-sha256$iterations$salt$hash (base64).</summary>
    public required string SecretHash { get; set; }

    public required string GrantTypes { get; set; }

    public required string Scopes { get; set; }

    /// <summary>Exact redirect URIs; an authorization request must repeat one of them character for character.</summary>
    public required string RedirectUris { get; set; }

    public required string PostLogoutRedirectUris { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool Disabled { get; set; }

    public IReadOnlySet<string> GrantTypeSet => Split(GrantTypes);

    public IReadOnlySet<string> ScopeSet => Split(Scopes);

    public IReadOnlySet<string> RedirectUriSet => Split(RedirectUris);

    public IReadOnlySet<string> PostLogoutRedirectUriSet => Split(PostLogoutRedirectUris);

    internal static HashSet<string> Split(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
