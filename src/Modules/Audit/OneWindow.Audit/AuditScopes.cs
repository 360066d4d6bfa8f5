using OneWindow.Shared.Security;

namespace OneWindow.Audit;

/// <summary>The audit module's OAuth scope (docs/integration-oidc.md lists every scope).</summary>
public static class AuditScopes
{
    public const string Read = "audit.read";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看与校验审计日志", "Read and verify the audit log", [StaffRoles.PlatformAdmin]),
    ];
}
