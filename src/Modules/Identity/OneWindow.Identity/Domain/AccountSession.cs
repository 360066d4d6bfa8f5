namespace OneWindow.Identity.Domain;

/// <summary>
/// 登录会话: one signed-in browser (or the tokens issued from it) of a citizen or staff member. The cookie carries a
/// random session id in its <c>sid</c> claim; only the SHA-256 of that id is stored here, so a copy of this table
/// cannot be turned back into cookies. A session ends (sign-out, password reset, account disabled, ended from the
/// sessions list) by setting <see cref="EndedAt"/>; every request re-reads the row, so the end takes effect at once on
/// every node.
/// </summary>
public sealed class AccountSession
{
    /// <summary>Lower-case hex SHA-256 of the session id in the cookie.</summary>
    public required string Id { get; set; }

    /// <summary>citizen | staff (PlatformClaims kinds).</summary>
    public required string AccountKind { get; set; }

    public long AccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Updated at most once a minute (AccountSessions.SeenResolution), not on every request.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Why it ended: see <see cref="SessionEndReasons"/>.</summary>
    public string? EndReason { get; set; }

    /// <summary>A short description of the client for the sessions list ("Chrome · Windows"): browser family and
    /// operating system only, never the address or the full user agent.</summary>
    public required string Client { get; set; }
}

public static class SessionEndReasons
{
    public const string SignedOut = "signed_out";
    public const string Replaced = "replaced";
    public const string PasswordReset = "password_reset";
    public const string PasswordChanged = "password_changed";
    public const string AccountDisabled = "account_disabled";
    public const string EndedByUser = "ended_by_user";
}

/// <summary>Failed sign-ins from one client address (keyed HMAC of the address, never the address itself) in one
/// fixed window: too many across any accounts and the address must wait for the next window.</summary>
public sealed class AddressFailure
{
    public required string AddressKey { get; set; }

    /// <summary>Window number: minutes since the Unix epoch divided by the window length.</summary>
    public long WindowNumber { get; set; }

    public int Failures { get; set; }
}
