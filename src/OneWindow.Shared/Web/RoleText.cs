using OneWindow.Shared.Security;
using static OneWindow.Shared.Web.Lang;

namespace OneWindow.Shared.Web;

/// <summary>Staff role names and what a role reaches, in the page's language (roles are a platform-wide contract).</summary>
public static class RoleText
{
    public static string Role(string role)
    {
        var (zh, en) = StaffRoles.Title(role);
        return L(zh, en);
    }

    /// <summary>What the role reaches for someone anchored at <paramref name="region"/>.</summary>
    public static string Reach(string role, string? region) =>
        role == StaffRoles.PlatformAdmin ? L("全平台", "the whole platform")
        : StaffRoles.IsDepartmentScoped(role) ? L("本部门", "own department")
        : L($"{region} 及下级区划", $"{region} and the divisions below it");
}
