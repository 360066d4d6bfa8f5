namespace OneWindow.Exchange.Domain;

/// <summary>
/// A sharing request and, once approved, the grant (共享授权) it becomes: a consumer department may read these items of
/// one resource, for this purpose and legal basis, from these client systems, within these rows, between these dates.
/// Requests of unconditionally shared resources are approved on arrival (still recorded); conditional ones wait for
/// the provider, who must answer by <see cref="DueOn"/> (working days) or the request escalates to the data
/// administrators of the provider's region.
/// </summary>
public sealed class DataGrant
{
    public long Id { get; set; }

    public required string ResourceCode { get; set; }

    /// <summary>The resource's published version when requested (the items asked for are checked against it).</summary>
    public int ResourceVersion { get; set; }

    /// <summary>The resource's name when requested, for lists (the catalogue may rename it later).</summary>
    public required string ResourceName { get; set; }

    public required string SharingClass { get; set; }

    public long ProviderDepartmentId { get; set; }

    public long ConsumerDepartmentId { get; set; }

    /// <summary>"staff:12" of whoever asked.</summary>
    public required string RequestedBy { get; set; }

    public required string Purpose { get; set; }

    public required string LegalBasis { get; set; }

    /// <summary>Item keys granted, space-separated.</summary>
    public required string Items { get; set; }

    /// <summary>The personal items among <see cref="Items"/> given in clear (the rest of the personal items are masked).</summary>
    public required string ClearItems { get; set; }

    /// <summary>Which rows (<see cref="RowScopes"/>).</summary>
    public required string RowScope { get; set; }

    /// <summary>For <see cref="RowScopes.Region"/>: the GB/T 2260 division whose rows (and those below it) may be read.</summary>
    public string? RowRegion { get; set; }

    /// <summary>The consumer department's client systems (OIDC client ids) that may call under the grant, space-separated.</summary>
    public required string ClientIds { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidUntil { get; set; }

    public string Status { get; set; } = GrantStatus.Pending;

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The last working day the provider has to answer.</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>When the overdue request was escalated to the data administrators.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokeReason { get; set; }

    public IReadOnlySet<string> ItemSet => Split(Items);

    public IReadOnlySet<string> ClearItemSet => Split(ClearItems);

    public IReadOnlySet<string> ClientIdSet => Split(ClientIds);

    public bool IsInForce(DateOnly today) => Status == GrantStatus.Approved && ValidFrom <= today && today <= ValidUntil;

    internal static HashSet<string> Split(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}

/// <summary>pending → approved | refused; approved → revoked. Expiry is not a status: a grant past its end date is
/// simply not in force.</summary>
public static class GrantStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Refused = "refused";
    public const string Revoked = "revoked";
}

/// <summary>Row scopes of a grant.</summary>
public static class RowScopes
{
    /// <summary>Any row the call names (still one subject at a time for registry resources: they are not a search service).</summary>
    public const string All = "all";

    /// <summary>Only rows of a division and below (person: household region; legal person and table rows: their region).</summary>
    public const string Region = "region";

    /// <summary>Only subjects of the consumer department's open cases: every call cites the case (办件编号).</summary>
    public const string OpenCases = "open_cases";

    public static readonly IReadOnlyList<string> Values = [All, Region, OpenCases];
}
