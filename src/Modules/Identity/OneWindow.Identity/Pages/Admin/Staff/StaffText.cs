using OneWindow.Shared.Security;
using static OneWindow.Shared.Web.Lang;

namespace OneWindow.Identity.Pages.Admin.Staff;

/// <summary>Role names, scopes and field labels of the staff pages in both languages (field messages come from the
/// identity catalogue, already in the page's language).</summary>
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
}
