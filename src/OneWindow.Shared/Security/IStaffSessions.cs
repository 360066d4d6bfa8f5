using System.Security.Claims;

namespace OneWindow.Shared.Security;

/// <summary>Lets the host re-check a staff session on each request: the claims the account should carry now, or null
/// when it is gone or disabled. The identity module implements it.</summary>
public interface IStaffSessions
{
    Task<IReadOnlyList<Claim>?> CurrentClaimsAsync(long staffId, CancellationToken ct);
}

/// <summary>The host's default authentication scheme: a selector that picks the bearer scheme when the request carries
/// <c>Authorization: Bearer …</c> and the session cookie otherwise (registered by the OIDC module).</summary>
public static class PlatformAuthentication
{
    public const string DefaultScheme = "ow";
}
