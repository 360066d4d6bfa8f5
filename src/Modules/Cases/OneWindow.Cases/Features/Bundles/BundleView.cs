using OneWindow.Cases.Domain;

namespace OneWindow.Cases.Features.Bundles;

public sealed record BundleCaseView(long Id, string? Number, string ItemName, long DepartmentId, string DepartmentName, string RegionCode, int Status, string? Decision,
    DateTimeOffset? DecidedAt, DateTimeOffset? ClosedAt, string? TrackingNumber)
{
    /// <summary>Decided, or ended without a decision (not accepted, withdrawn).</summary>
    public bool Settled => Decision != null || CaseStatus.IsFinal(Status);
}

/// <summary>The combined status of a life-event application (一件事): every case and one overall state.</summary>
public sealed record BundleView(Bundle Bundle, IReadOnlyList<BundleCaseView> Cases, string Overall, bool MayDeliver)
{
    /// <summary>in_process | correction | decided | completed | completed_partly.</summary>
    public static string OverallOf(Bundle bundle, IReadOnlyList<BundleCaseView> cases)
    {
        if (cases.Count > 0 && cases.All(c => CaseStatus.IsFinal(c.Status)))
        {
            return cases.All(c => c.Status == CaseStatus.ClosedApproved) ? "completed" : "completed_partly";
        }

        if (cases.Count > 0 && cases.All(c => c.Settled))
        {
            return "decided";
        }

        return cases.Any(c => c.Status == CaseStatus.CorrectionStarted) ? "correction" : "in_process";
    }

    public static string OverallLabel(string overall, bool english) => (overall, english) switch
    {
        ("completed", false) => "已办结",
        ("completed", true) => "Completed",
        ("completed_partly", false) => "已办结（部分事项未获准予）",
        ("completed_partly", true) => "Completed (some items refused or not accepted)",
        ("decided", false) => "全部已决定，待统一送达",
        ("decided", true) => "All decided, results to be delivered together",
        ("correction", false) => "办理中（有事项需要补正）",
        ("correction", true) => "In process (corrections requested for an item)",
        (_, false) => "办理中",
        _ => "In process",
    };

    public int SettledCount => Cases.Count(c => c.Settled);
}
