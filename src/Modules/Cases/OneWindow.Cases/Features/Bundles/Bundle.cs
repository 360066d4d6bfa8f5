namespace OneWindow.Cases.Features.Bundles;

/// <summary>
/// One application for a life event (一件事): the merged answers and one delivery choice, fanned out at submission into
/// one case per item (<c>Case.BundleId</c>). A draft (no number yet) keeps the answers and the files chosen for the
/// merged materials; once submitted the cases are the record and the bundle tracks the combined outcome and the one
/// delivery.
/// </summary>
public sealed class Bundle
{
    public long Id { get; set; }

    /// <summary>一件事编号: "YJ" + division code + China date + id, so it never looks like a case number.</summary>
    public string? Number { get; set; }

    public string EventKey { get; set; } = "";

    public string EventName { get; set; } = "";

    public string ApplicantSubject { get; set; } = "";

    public string SubmittedBy { get; set; } = "";

    public string ApplicantName { get; set; } = "";

    /// <summary>Division of the first item (for the number).</summary>
    public string RegionCode { get; set; } = "";

    /// <summary>The department whose window delivers all results at once; set at submission.</summary>
    public long? DeliveredByDepartmentId { get; set; }

    /// <summary><see cref="BundleStates"/>.</summary>
    public string State { get; set; } = BundleStates.Draft;

    /// <summary>Merged-form key → value.</summary>
    public string AnswersJson { get; set; } = "{}";

    /// <summary>Draft only: files chosen for merged materials (<see cref="BundleAttachment"/> list).</summary>
    public string AttachmentsJson { get; set; } = "[]";

    public string DeliveryMethod { get; set; } = Domain.DeliveryMethods.Pickup;

    public string? DeliveryAddress { get; set; }

    /// <summary>One tracking number for the whole bundle (postal delivery).</summary>
    public string? TrackingNumber { get; set; }

    public string? SubmissionKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>When the last of its cases was decided (or refused at the desk): the applicant got "全部办结".</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public int Revision { get; set; }
}

public static class BundleStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
}

/// <summary>A file from the applicant's library chosen for a merged material of a draft.</summary>
public sealed record BundleAttachment(int MaterialIndex, long FileId, string FileName, string? Note);
