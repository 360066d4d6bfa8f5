namespace OneWindow.Shared.Security;

/// <summary>Authorization policy names more than one module's pages use. The catalogue registers the policy (it
/// requires the platform_admin role); pages of other modules name it through this constant, not the catalogue's.</summary>
public static class PlatformPolicies
{
    /// <summary>平台管理员 only.</summary>
    public const string PlatformAdmin = "platform-admin";
}
