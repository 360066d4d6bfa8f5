using OneWindow.Identity.Features.Codes;

using OneWindow.Shared.Web;

namespace OneWindow.Identity.Pages;

/// <summary>What to tell someone who asked for a code, whatever happened.</summary>
public static class CodeMessages
{
    public static string Describe(CodeIssue issue, string phoneMasked) => issue.Status switch
    {
        CodeIssueStatus.Sent => Lang.L($"验证码已发送至 {phoneMasked}，10分钟内有效。", $"A code was sent to {phoneMasked}; it is valid for 10 minutes."),
        CodeIssueStatus.TooSoon => Lang.L($"验证码刚刚发送过，请查看短信；{issue.RetryAfterSeconds}秒后可重新获取。", $"A code was just sent; check your messages. You can ask again in {issue.RetryAfterSeconds} seconds."),
        CodeIssueStatus.TooMany => Lang.L("一小时内获取验证码次数过多，请稍后再试。", "Too many codes in the last hour; please try later."),
        _ => Lang.L("短信服务暂不可用，请稍后再试或到政务服务大厅办理。", "Text messages cannot be sent right now; try later or visit a service hall."),
    };
}
