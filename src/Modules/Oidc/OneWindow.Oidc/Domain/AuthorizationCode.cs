namespace OneWindow.Oidc.Domain;

/// <summary>
/// A one-time authorization code. Only its SHA-256 hash is stored. It carries what the token endpoint needs later,
/// when no browser session is present: the client, redirect URI, PKCE challenge, scope, nonce and a snapshot of the
/// signed-in user's platform claims. Valid for 60 seconds; consumed atomically (a second use is a replay).
/// </summary>
public sealed class AuthorizationCode
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the code, lowercase hex.</summary>
    public required string CodeHash { get; set; }

    public required string ClientId { get; set; }

    public required string Subject { get; set; }

    public required string RedirectUri { get; set; }

    /// <summary>S256 challenge: base64url(SHA-256(code_verifier)).</summary>
    public required string CodeChallenge { get; set; }

    public required string Scope { get; set; }

    public string? Nonce { get; set; }

    /// <summary>The user's platform claims when the code was issued (JSON, see UserSnapshot).</summary>
    public required string PrincipalJson { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>The jti of the access token the code was exchanged for: what to look for if the code is replayed.</summary>
    public string? AccessTokenId { get; set; }
}
