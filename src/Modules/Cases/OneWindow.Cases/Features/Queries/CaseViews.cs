using OneWindow.Cases.Domain;

namespace OneWindow.Cases.Features.Queries;

public sealed record ProgressStep(DateTimeOffset At, string Action, string Label, int StatusCode, string Office, string? Note);

/// <summary>The public progress of a case (办件进度): no personal data, notes only for the owner.</summary>
public sealed record ProgressView(
    string Number, int StatusCode, string Status, string ItemName, string DepartmentName, DateTimeOffset? SubmittedAt,
    DateOnly? DueOn, bool ClockPaused, string? Awaiting, IReadOnlyList<ProgressStep> Steps);

public sealed record CaseDetail(Case Case, IReadOnlyList<CaseMaterial> Materials, IReadOnlyList<CaseTask> Tasks, IReadOnlyList<CaseEntry> History, IReadOnlyList<CaseNotice> Notices,
    IReadOnlyList<CaseProof>? Proofs = null);

public sealed record CaseSummary(long Id, string? Number, string ItemName, int Status, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateOnly? DueOn, DateTimeOffset? ClosedAt);

/// <summary>One line of a staff inbox: the task with what the officer needs to sort by (deadline, step, assignee).</summary>
public sealed record InboxRow(
    long TaskId, long CaseId, string Number, string ItemName, string ApplicantName, string StepName, string StepKind, string Role,
    long DepartmentId, string? AssigneeSubject, string? AssigneeName, int Status, DateOnly? DueOn, DeadlineLevel Level, int? DaysLeft, DateTimeOffset CreatedAt);

/// <summary>A case waiting at the acceptance desk, with its 5-working-day window.</summary>
public sealed record DeskRow(long CaseId, string Number, string ItemName, string ApplicantName, int Status, DateTimeOffset SubmittedAt, DateOnly? AcceptanceDueOn, DeadlineLevel Level, int Revision);

public sealed record NotificationRow(long Id, long CaseId, string CaseNumber, string Text, DateTimeOffset CreatedAt, bool Read);

public static class ActionLabels
{
    public static string Label(string action, bool english) => (action, english) switch
    {
        ("submitted", false) => "提交申请",
        ("submitted", true) => "Application submitted",
        ("accepted", false) => "受理",
        ("accepted", true) => "Accepted",
        ("not_accepted", false) => "不予受理",
        ("not_accepted", true) => "Not accepted",
        ("correction_requested", false) => "一次性告知补正",
        ("correction_requested", true) => "Corrections requested",
        ("corrected", false) => "申请人补正",
        ("corrected", true) => "Corrections submitted",
        ("step_started", false) => "进入环节",
        ("step_started", true) => "Step started",
        ("step_approved", false) => "审查通过",
        ("step_approved", true) => "Step approved",
        ("step_refused", false) => "审查不通过",
        ("step_refused", true) => "Step refused",
        ("decided_approve", false) => "决定：准予许可",
        ("decided_approve", true) => "Decision: granted",
        ("decided_refuse", false) => "决定：不予许可",
        ("decided_refuse", true) => "Decision: refused",
        ("delivered", false) => "送达",
        ("delivered", true) => "Delivered",
        ("closed", false) => "办结",
        ("closed", true) => "Completed",
        ("withdrawn", false) => "申请人撤回",
        ("withdrawn", true) => "Withdrawn by the applicant",
        ("special_started", false) => "特别程序开始",
        ("special_started", true) => "Special procedure started",
        ("special_ended", false) => "特别程序结束",
        ("special_ended", true) => "Special procedure ended",
        ("extended", false) => "延长办理期限",
        ("extended", true) => "Time limit extended",
        ("returned", false) => "退回",
        ("returned", true) => "Sent back",
        ("assigned", false) => "分派",
        ("assigned", true) => "Assigned",
        ("auto_referred", false) => "未满足自动审批条件，转人工审核",
        ("auto_referred", true) => "Instant approval not possible; passed to staff",
        ("commitment_checked", false) => "告知承诺核查",
        ("commitment_checked", true) => "Commitment checked",
        ("licence_pending", false) => "结果电子证照待补录",
        ("licence_pending", true) => "Result licence awaiting data",
        ("comment", false) => "办理意见",
        ("comment", true) => "Comment",
        _ => action,
    };
}
