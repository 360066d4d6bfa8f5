namespace OneWindow.Identity.Domain;

/// <summary>
/// An API key of a citizen (enterprise agents create keys for themselves) for the public APIs that need one (open-data
/// rows, Open311 posting). The key itself, <c>owk_&lt;prefix&gt;_&lt;secret&gt;</c>, is shown once at creation; only its
/// public <see cref="Prefix"/> and the SHA-256 of its 256-bit secret are kept. Revoking is final.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    /// <summary>8 random characters, unique: finds the row and names the key in lists (owk_&lt;prefix&gt;_…).</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the secret part, lower-case hex.</summary>
    public required string SecretHash { get; set; }

    /// <summary>The owning citizen (identity_citizens.id).</summary>
    public long CitizenId { get; set; }

    public required string Name { get; set; }

    /// <summary>Space-separated scopes, each registered with ApiScope.ApiKeys.</summary>
    public required string Scopes { get; set; }

    public int PermitPerMinute { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Updated at most once a minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
