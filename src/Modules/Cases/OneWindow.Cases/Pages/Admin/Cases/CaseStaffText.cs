using OneWindow.Shared.Results;
using System.Globalization;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Web;

namespace OneWindow.Cases.Pages.Admin.Cases;

/// <summary>Small texts the staff case pages share: dates, deadline badges (colour and words), step kinds and task states.</summary>
public static class CaseStaffText
{
    public static string Day(DateOnly? day) => day == null ? "—" : CasePageText.Day(day);

    /// <summary>The badge class and its words: a warning never rests on colour alone.</summary>
    public static (string Css, string Text)? Badge(DeadlineLevel level, int? daysLeft) => level switch
    {
        DeadlineLevel.Red => ("badge badge-red", daysLeft is < 0
            ? Lang.L($"红牌 已超期 {-daysLeft} 天", $"Red: {-daysLeft} days overdue")
            : Lang.L("红牌 今日到期", "Red: due today")),
        DeadlineLevel.Yellow => ("badge badge-warn", Lang.L($"黄牌 剩 {daysLeft} 个工作日", $"Yellow: {daysLeft} working days left")),
        _ => null,
    };

    public static string DaysLeft(int? days) => days switch
    {
        null => "—",
        < 0 => Lang.L($"超期 {-days} 天", $"{-days} days overdue"),
        _ => Lang.L($"{days} 个工作日", $"{days} working days"),
    };

    public static string Kind(string kind) => kind switch
    {
        ProcessDefinition.KindReview => Lang.L("审查", "Review"),
        ProcessDefinition.KindDecide => Lang.L("决定", "Decision"),
        ProcessDefinition.KindCertify => Lang.L("制证", "Certificate"),
        ProcessDefinition.KindDeliver => Lang.L("送达", "Delivery"),
        _ => kind,
    };

    public static string TaskState(string state) => state switch
    {
        TaskStates.Open => Lang.L("待办", "Open"),
        TaskStates.Done => Lang.L("已办", "Done"),
        TaskStates.Cancelled => Lang.L("已取消", "Cancelled"),
        _ => state,
    };

    public static string Outcome(string? outcome) => outcome switch
    {
        null => "",
        "approve" => Lang.L("同意/准予", "Approved"),
        "refuse" => Lang.L("不同意/不予", "Refused"),
        "returned" => Lang.L("退回", "Sent back"),
        "delivered" => Lang.L("已送达", "Delivered"),
        _ => outcome,
    };

    public static string NoticeKind(string kind) => CaseNoticeView.TitleOf(kind);

    /// <summary>A failure's detail is already in the page's language; Pick also splits an older joined text.</summary>
    public static string Problem(Failure failure) => Lang.Pick(failure.Detail);
}
