namespace OneWindow.Audit.Domain;

/// <summary>One row of the append-only audit log. Written by <see cref="OneWindow.Shared.Audit.AuditLog"/> inside the
/// change's transaction; <see cref="Seal"/> and <see cref="SealedAt"/> are filled once by the sealer and never again.</summary>
public sealed class AuditEntry
{
    public long Seq { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string Actor { get; set; } = "";

    public string? ActorDepartment { get; set; }

    public string Action { get; set; } = "";

    public string TargetType { get; set; } = "";

    public string TargetId { get; set; } = "";

    public string Summary { get; set; } = "";

    public string? DataJson { get; set; }

    public string RequestId { get; set; } = "";

    /// <summary>SHA-256 (hex) of the previous seal and this entry's canonical form; null until sealed.</summary>
    public string? Seal { get; set; }

    public DateTimeOffset? SealedAt { get; set; }
}
