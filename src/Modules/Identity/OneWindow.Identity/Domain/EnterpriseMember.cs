namespace OneWindow.Identity.Domain;

/// <summary>
/// A citizen who may act for an enterprise: its legal representative (法定代表人) or an authorized agent (经办人).
/// Agents act within limits: what they may do, and until when. One person may act for several enterprises and
/// switches between them; every grant, change and switch is audited.
/// </summary>
public sealed class EnterpriseMember
{
    public long Id { get; set; }

    public long EnterpriseId { get; set; }

    public long CitizenId { get; set; }

    public MemberRole Role { get; set; }

    /// <summary>May apply for services and follow the enterprise's cases.</summary>
    public bool CanApply { get; set; }

    /// <summary>May authorize and revoke other agents.</summary>
    public bool CanManageAgents { get; set; }

    /// <summary>The authorization ends at this moment (null: until revoked).</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    /// <summary>Who granted it ("citizen:7", "staff:3").</summary>
    public required string GrantedBy { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt == null && (ValidUntil == null || ValidUntil > now);
}

public enum MemberRole
{
    /// <summary>法定代表人: may do everything for the enterprise, including authorizing agents.</summary>
    LegalRepresentative = 1,

    /// <summary>经办人: acts within the limits granted.</summary>
    Agent = 2,
}
