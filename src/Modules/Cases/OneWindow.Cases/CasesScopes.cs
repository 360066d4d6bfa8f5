using OneWindow.Shared.Security;

namespace OneWindow.Cases;

/// <summary>The cases module's OAuth scopes: reading cases vs applying and handling them (docs/integration-oidc.md lists every scope).</summary>
public static class CasesScopes
{
    public const string Read = "cases.read";
    public const string Write = "cases.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看办件（本人申请或本部门待办）", "Read cases (your applications, your department's tasks)", [ApiScope.Citizens, ApiScope.AnyStaff]),
        new ApiScope(Write, "申请与办理办件", "Apply for services and handle cases", [ApiScope.Citizens, StaffRoles.WindowOfficer, StaffRoles.Reviewer, StaffRoles.DepartmentAdmin, StaffRoles.CatalogEditor, StaffRoles.PlatformAdmin]),
    ];
}
