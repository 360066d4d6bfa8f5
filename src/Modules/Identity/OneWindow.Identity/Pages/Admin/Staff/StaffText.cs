using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Security;
using static OneWindow.Shared.Web.Lang;

namespace OneWindow.Identity.Pages.Admin.Staff;

/// <summary>Role names, scopes and form messages of the staff pages in both languages (the services speak Chinese;
/// the English is mapped here, per field, as the registration page does).</summary>
public static class StaffText
{
    public static readonly string[] CreateFields = ["userName", "displayName", "departmentKey", "regionCode", "roles"];

    public static string Role(string role) => OneWindow.Shared.Web.RoleText.Role(role);

    public static string Reach(string role, string? region) => OneWindow.Shared.Web.RoleText.Reach(role, region);

    public static string Label(string field) => field switch
    {
        "userName" => L("用户名", "User name"),
        "displayName" => L("姓名", "Name"),
        "departmentKey" => L("所属部门", "Department"),
        "regionCode" => L("行政区划代码", "Division code"),
        "roles" => L("角色", "Roles"),
        _ => L("角色", "Role"),
    };

    /// <summary>A field's message in the page's language.</summary>
    public static string? Error(string field, string? message) => message == null || !IsEnglish ? message : field switch
    {
        "userName" when message.Contains("已被使用", StringComparison.Ordinal) => "That user name is taken; choose another",
        "userName" when message.StartsWith("请填写", StringComparison.Ordinal) => "Enter a user name",
        "userName" => "Use 3 to 50 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit, e.g. ga.zhang",
        "displayName" => $"Enter the name (up to {StaffAccountRules.MaxDisplayName} characters)",
        "departmentKey" => "Choose the department",
        "regionCode" when message.Contains("辖区", StringComparison.Ordinal) => "The division must be the department's own or one below it",
        "regionCode" => "Enter a valid 6-digit GB/T 2260 division code, e.g. 340100",
        "roles" => "Choose roles from the list",
        "role" => "Choose a role",
        _ => message,
    };

    /// <summary>A refusal (403) or conflict in the page's language.</summary>
    public static string Refusal(string? message) => IsEnglish
        ? "You may not do this for this account: it is outside your department or division, it is an administrator's account, it is your own, or the role is one only a platform administrator grants."
        : message ?? "无权执行此操作";
}
