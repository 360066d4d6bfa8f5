namespace OneWindow.Cases.Domain;

/// <summary>
/// Case states as the national exchange codes (办件状态, practice codes in docs/cases.md) so the upper-level platform
/// can take them unchanged. Draft (0) is the platform's own: a draft is not a case yet and is never exchanged.
/// </summary>
public static class CaseStatus
{
    public const int Draft = 0;
    public const int Submitted = 1;           // 已接件
    public const int Withdrawn = 2;           // 已撤件 (withdrawn before acceptance)
    public const int Accepted = 3;            // 已受理
    public const int NotAccepted = 5;         // 不予受理
    public const int CorrectionStarted = 6;   // 补正开始
    public const int CorrectionEnded = 7;     // 补正结束
    public const int InProcess = 8;           // 部门开始办理
    public const int SpecialStarted = 9;      // 特别程序开始
    public const int SpecialEnded = 10;       // 特别程序结束
    public const int ClosedApproved = 11;     // 办结（通过）
    public const int ClosedRefused = 13;      // 办结（不通过）
    public const int WithdrawnAfterAcceptance = 14; // 撤回

    public static bool IsFinal(int status) => status is Withdrawn or NotAccepted or ClosedApproved or ClosedRefused or WithdrawnAfterAcceptance;

    /// <summary>Before a decision the applicant may withdraw (撤回申请).</summary>
    public static bool CanWithdraw(int status) => status is Submitted or CorrectionStarted or CorrectionEnded or Accepted or InProcess or SpecialStarted or SpecialEnded;

    public static string Label(int status, bool english) => (status, english) switch
    {
        (Draft, false) => "草稿",
        (Draft, true) => "Draft",
        (Submitted, false) => "已提交，待受理",
        (Submitted, true) => "Submitted, awaiting acceptance",
        (Withdrawn, false) => "已撤件",
        (Withdrawn, true) => "Withdrawn",
        (Accepted, false) => "已受理",
        (Accepted, true) => "Accepted",
        (NotAccepted, false) => "不予受理",
        (NotAccepted, true) => "Not accepted",
        (CorrectionStarted, false) => "待补正材料",
        (CorrectionStarted, true) => "Corrections requested",
        (CorrectionEnded, false) => "已补正，待审核",
        (CorrectionEnded, true) => "Corrected, awaiting review",
        (InProcess, false) => "办理中",
        (InProcess, true) => "In process",
        (SpecialStarted, false) => "特别程序中",
        (SpecialStarted, true) => "Special procedure",
        (SpecialEnded, false) => "特别程序结束，办理中",
        (SpecialEnded, true) => "Special procedure ended, in process",
        (ClosedApproved, false) => "办结（准予）",
        (ClosedApproved, true) => "Completed (granted)",
        (ClosedRefused, false) => "办结（不予许可）",
        (ClosedRefused, true) => "Completed (refused)",
        (WithdrawnAfterAcceptance, false) => "已撤回",
        (WithdrawnAfterAcceptance, true) => "Withdrawn after acceptance",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
