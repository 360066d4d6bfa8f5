using OneWindow.Shared.Security;

namespace OneWindow.Catalog;

/// <summary>The catalogue module's OAuth scopes (docs/integration-oidc.md lists every scope).</summary>
public static class CatalogScopes
{
    public const string Read = "catalog.read";
    public const string Write = "catalog.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看事项目录（含草稿与导入任务）", "Read the service catalogue, drafts and import jobs", [ApiScope.AnyStaff]),
        new ApiScope(Write, "编辑、审核与发布事项", "Edit, review and publish catalogue items", [StaffRoles.CatalogEditor, StaffRoles.CatalogReviewer, StaffRoles.PlatformAdmin]),
    ];
}
