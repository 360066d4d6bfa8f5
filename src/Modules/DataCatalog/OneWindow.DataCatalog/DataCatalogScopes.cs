using OneWindow.Shared.Security;

namespace OneWindow.DataCatalog;

/// <summary>The data resource catalogue's OAuth scopes (docs/integration-oidc.md lists every scope).</summary>
public static class DataCatalogScopes
{
    public const string Read = "data.resources.read";
    public const string Write = "data.resources.write";

    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看已发布的政务信息资源目录", "Read the published data resource catalogue", [ApiScope.AnyStaff]),
        new ApiScope(Write, "编制、提交和审核政务信息资源目录", "Edit, submit and review data resources",
            [StaffRoles.DepartmentAdmin, StaffRoles.DataAdmin, StaffRoles.PlatformAdmin]),
    ];
}
