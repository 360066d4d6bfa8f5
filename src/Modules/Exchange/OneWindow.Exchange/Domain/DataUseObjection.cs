namespace OneWindow.Exchange.Domain;

/// <summary>
/// A citizen's objection (异议) to one read of their data in the exchange log. It goes to the provider department and
/// the supervisors of its region, who must answer by <see cref="DueOn"/>; the answer is shown to the citizen.
/// </summary>
public sealed class DataUseObjection
{
    public long Id { get; set; }

    /// <summary>The exchange log entry objected to.</summary>
    public long LogEntryId { get; set; }

    /// <summary>"citizen:12".</summary>
    public required string CitizenSubject { get; set; }

    public long ProviderDepartmentId { get; set; }

    public long ConsumerDepartmentId { get; set; }

    public required string ResourceCode { get; set; }

    public required string Reason { get; set; }

    public string Status { get; set; } = ObjectionStatus.Open;

    public DateTimeOffset CreatedAt { get; set; }

    public DateOnly DueOn { get; set; }

    public string? Answer { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

public static class ObjectionStatus
{
    public const string Open = "open";
    public const string Answered = "answered";
}
