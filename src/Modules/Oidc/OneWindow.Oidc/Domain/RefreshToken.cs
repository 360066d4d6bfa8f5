namespace OneWindow.Oidc.Domain;

/// <summary>
/// A refresh token (only its SHA-256 hash is stored). Tokens issued from one authorization form a family: each use
/// (rotation) marks the presented token used and issues its successor in the same family. A used token presented again
/// is a replay: the whole family is revoked (RFC 9700 §4.14.2 refresh token rotation with reuse detection).
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the token, lowercase hex.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The family: every token rotated from the same authorization code shares it.</summary>
    public required string FamilyId { get; set; }

    public required string ClientId { get; set; }

    public required string Subject { get; set; }

    /// <summary>The platform session (sid claim) the user signed in with, if the session carried one.</summary>
    public string? SessionId { get; set; }

    /// <summary>The scopes granted at authorization (space-separated); a refresh may narrow the access token's, never widen.</summary>
    public required string Scope { get; set; }

    /// <summary>The user's platform claims when this token was issued (JSON, see UserSnapshot).</summary>
    public required string PrincipalJson { get; set; }

    public DateTimeOffset AuthTime { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When it was exchanged for its successor (it may not be used again).</summary>
    public DateTimeOffset? UsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>revoked | reused | client_mismatch… see <see cref="RefreshRevocation"/>.</summary>
    public string? RevokedReason { get; set; }
}

/// <summary>Why a refresh token family was revoked (stored in revoked_reason, shown in the audit trail).</summary>
public static class RefreshRevocation
{
    /// <summary>The client revoked it (/connect/revoke).</summary>
    public const string Revoked = "revoked";

    /// <summary>A used token was presented again: the family must be treated as stolen.</summary>
    public const string Reused = "reused";

    /// <summary>The account or its session is no longer valid.</summary>
    public const string AccountInvalid = "account_invalid";

    /// <summary>The client was disabled by an administrator.</summary>
    public const string ClientDisabled = "client_disabled";

    /// <summary>An administrator took the refresh_token grant or offline_access away from the client.</summary>
    public const string ClientChanged = "client_changed";
}

/// <summary>An access token (by its jti) revoked before it expired; the bearer check refuses it until
/// <see cref="ExpiresAt"/>, after which housekeeping deletes the row (the token is dead by then anyway).</summary>
public sealed class RevokedAccessToken
{
    public required string Jti { get; set; }

    public required string ClientId { get; set; }

    public DateTimeOffset RevokedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
