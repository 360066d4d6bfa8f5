namespace OneWindow.Cases.Domain;

/// <summary>
/// One application (办件) from draft to 办结. The item's guide version, form and process are frozen into the case at
/// submission, so later catalogue edits never change a case in flight. Time limits are working days (see
/// <see cref="CaseClock"/>); <see cref="Revision"/> is the optimistic concurrency token every action checks.
/// </summary>
public sealed class Case
{
    public long Id { get; set; }

    /// <summary>办件编号, assigned at submission; null for drafts.</summary>
    public string? Number { get; set; }

    /// <summary>查询码: with the number, opens the public progress page. Not personal data; shown on the receipt.</summary>
    public string? QueryCode { get; set; }

    public long ServiceItemId { get; set; }

    public int ItemVersion { get; set; }

    public string ItemName { get; set; } = "";

    public long DepartmentId { get; set; }

    public string DepartmentName { get; set; } = "";

    public string RegionCode { get; set; } = "";

    /// <summary>"citizen:12" or "enterprise:5" (an agent applying for the enterprise).</summary>
    public string ApplicantSubject { get; set; } = "";

    /// <summary>The citizen who filled in and submitted (the agent, for an enterprise).</summary>
    public string SubmittedBy { get; set; } = "";

    public string ApplicantName { get; set; } = "";

    public int Status { get; set; }

    /// <summary>Index into the frozen process's steps; -1 while at the acceptance desk.</summary>
    public int StepIndex { get; set; } = -1;

    /// <summary>The form definition as it was when the draft started (<see cref="FormDefinition"/>).</summary>
    public string FormJson { get; set; } = "{}";

    /// <summary>The applicant's answers, field key → value.</summary>
    public string AnswersJson { get; set; } = "{}";

    /// <summary>The process as it was at submission (<see cref="ProcessDefinition"/>).</summary>
    public string ProcessJson { get; set; } = "{}";

    /// <summary>The guide's materials list of the frozen version (name, required, note).</summary>
    public string MaterialsJson { get; set; } = "[]";

    /// <summary>pickup | post | electronic.</summary>
    public string DeliveryMethod { get; set; } = DeliveryMethods.Pickup;

    public string? DeliveryAddress { get; set; }

    public string? TrackingNumber { get; set; }

    /// <summary>Client-chosen key that makes a retried submission return the same case.</summary>
    public string? SubmissionKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>Last day for a complete correction notice or a refusal (Art. 32: 5 working days), after which the
    /// case counts as accepted from the day it was received.</summary>
    public DateOnly? AcceptanceDueOn { get; set; }

    public DateOnly? AcceptedOn { get; set; }

    public int StatutoryDays { get; set; }

    public int PromisedDays { get; set; }

    /// <summary>Working days the clock stood still (corrections after acceptance, special procedures).</summary>
    public int PausedDays { get; set; }

    public DateOnly? PausedSince { get; set; }

    public int ExtensionDays { get; set; }

    /// <summary>Statutory deadline, recomputed whenever the clock changes; null before acceptance and while paused.</summary>
    public DateOnly? DueOn { get; set; }

    public DateOnly? PromisedDueOn { get; set; }

    /// <summary>approve | refuse, once decided.</summary>
    public string? Decision { get; set; }

    public string? DecisionReason { get; set; }

    public string? DecisionRemedy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why an instant-approval item (秒批) was decided by machine or handed to staff: every rule with the data
    /// it read and whether it passed (JSON, see docs/certificate-free.md); null for items decided by people.</summary>
    public string? AutoDecisionJson { get; set; }

    /// <summary>Form field key → where its prefilled value came from (一键申报), e.g. "市公安局户籍系统".</summary>
    public string PrefilledJson { get; set; } = "{}";

    /// <summary>The e-licence issued as the result (证照标识), once the case closed with approval.</summary>
    public string? ResultLicenceIdentifier { get; set; }

    /// <summary>The life-event application (一件事) this case belongs to; null for a single-item case.</summary>
    public long? BundleId { get; set; }

    public int Revision { get; set; }
}

public static class DeliveryMethods
{
    public const string Pickup = "pickup";
    public const string Post = "post";
    public const string Electronic = "electronic";

    public static readonly string[] All = [Pickup, Post, Electronic];

    public static string Label(string method, bool english) => (method, english) switch
    {
        (Pickup, false) => "窗口领取",
        (Pickup, true) => "Pick up at the hall",
        (Post, false) => "邮政寄递",
        (Post, true) => "Postal delivery",
        (Electronic, false) => "电子送达",
        (Electronic, true) => "Electronic",
        _ => method,
    };
}

/// <summary>One file attached to a material of the guide's list (材料), with the applicant's note. Superseded
/// attachments stay for the record when a correction replaces them.</summary>
public sealed class CaseMaterial
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    /// <summary>Index into the guide's material list of the frozen version.</summary>
    public int MaterialIndex { get; set; }

    public string MaterialName { get; set; } = "";

    public long FileId { get; set; }

    public string FileName { get; set; } = "";

    public string MediaType { get; set; } = "";

    public long Length { get; set; }

    public string Sha256 { get; set; } = "";

    public string? Note { get; set; }

    public bool Superseded { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>Work for one department at one step (待办). Parallel steps have one task per department.</summary>
public sealed class CaseTask
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public int StepIndex { get; set; }

    public string StepName { get; set; } = "";

    public string StepKind { get; set; } = "";

    public long DepartmentId { get; set; }

    public string RegionCode { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>open | done | cancelled.</summary>
    public string State { get; set; } = TaskStates.Open;

    /// <summary>approve | refuse | returned (for done tasks).</summary>
    public string? Outcome { get; set; }

    public string? Opinion { get; set; }

    public string? AssigneeSubject { get; set; }

    public string? AssigneeName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }
}

public static class TaskStates
{
    public const string Open = "open";
    public const string Done = "done";
    public const string Cancelled = "cancelled";
}

/// <summary>One line of the case's history (办理过程): who did what, when, in which office. Public lines are what the
/// applicant and the progress query see; internal comments are not.</summary>
public sealed class CaseEntry
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Action { get; set; } = "";

    public int Status { get; set; }

    public string ActorSubject { get; set; } = "";

    public string ActorName { get; set; } = "";

    public string Office { get; set; } = "";

    public string? Note { get; set; }

    public bool Public { get; set; } = true;
}

/// <summary>A written notice (受理通知书, 补正通知书, 不予受理通知书, 决定书) as issued: printable later exactly as it was.</summary>
public sealed class CaseNotice
{
    public long Id { get; set; }

    public long CaseId { get; set; }

    /// <summary>receipt | correction | not_accepted | decision.</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset IssuedAt { get; set; }

    public string IssuedBy { get; set; } = "";

    public string Office { get; set; } = "";

    /// <summary>The notice's content (items to correct, reasons, remedies) as JSON.</summary>
    public string BodyJson { get; set; } = "{}";

    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>In-app notification (站内消息) for an applicant.</summary>
public sealed class CaseNotification
{
    public long Id { get; set; }

    public string RecipientSubject { get; set; } = "";

    public long CaseId { get; set; }

    public string CaseNumber { get; set; } = "";

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>Per-item form and process (the item's id is the key). Absent rows mean the defaults.</summary>
public sealed class ItemSetup
{
    public long ServiceItemId { get; set; }

    public string? FormJson { get; set; }

    public string? ProcessJson { get; set; }

    /// <summary>Which materials an e-licence or registry record proves, and which accept a written commitment
    /// (告知承诺制); null = none (see docs/certificate-free.md).</summary>
    public string? ProofsJson { get; set; }

    /// <summary>Instant approval (秒批) switch and eligibility rules; null = decided by people.</summary>
    public string? InstantJson { get; set; }

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
