using OneWindow.Shared.Security;

namespace OneWindow.Licences;

/// <summary>The licences module's OAuth scopes (docs/integration-oidc.md lists every scope).</summary>
public static class LicencesScopes
{
    public const string Read = "licences.read";
    public const string Write = "licences.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看本部门证照与共享给本部门的证照", "Read your department's licences and those shared with it", [ApiScope.AnyStaff]),
        new ApiScope(Write, "导入与变更证照、管理签发机构", "Import and change licences, manage issuing agencies", [StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin]),
    ];
}
