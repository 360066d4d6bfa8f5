using OneWindow.Shared.Security;

namespace OneWindow.Registry;

/// <summary>The registry module's OAuth scopes (docs/integration-oidc.md lists every scope).</summary>
public static class RegistryScopes
{
    public const string Read = "registry.read";
    public const string Write = "registry.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查询基础库（人口、法人）", "Read the base registries (persons, legal persons)", [ApiScope.AnyStaff]),
        new ApiScope(Write, "向基础库报送数据、处理冲突与规则", "Feed the base registries, resolve conflicts, set rules", [StaffRoles.DataAdmin, StaffRoles.PlatformAdmin]),
    ];
}
