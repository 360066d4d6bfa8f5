using OneWindow.Shared.Security;

namespace OneWindow.Identity;

/// <summary>The identity module's OAuth scopes (staff administration) (docs/integration-oidc.md lists every scope).</summary>
public static class IdentityScopes
{
    public const string StaffRead = "staff.read";
    public const string StaffWrite = "staff.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(StaffRead, "查看工作人员账号", "Read staff accounts", [StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin]),
        new ApiScope(StaffWrite, "管理工作人员账号与角色", "Manage staff accounts and roles", [StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin]),
    ];
}
