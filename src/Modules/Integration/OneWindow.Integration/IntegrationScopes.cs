using OneWindow.Shared.Security;

namespace OneWindow.Integration;

/// <summary>The integration module's OAuth scope (docs/integration-oidc.md lists every scope).</summary>
public static class IntegrationScopes
{
    public const string WebhooksManage = "webhooks.manage";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(WebhooksManage, "管理本部门的 Webhook 订阅", "Manage your department's webhook subscriptions", [StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin]),
    ];
}
