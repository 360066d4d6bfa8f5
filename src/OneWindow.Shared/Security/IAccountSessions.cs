using System.Security.Claims;

namespace OneWindow.Shared.Security;

/// <summary>
/// Re-checks a signed-in principal on each request, whatever carried it (session cookie, a user's access token, an API
/// key): the claims it should carry now, or null when its session has ended (sign-out, password reset, account
/// disabled) so the request must be treated as anonymous. Role changes and a revoked enterprise agency (经办人授权)
/// show in the returned claims at once. The identity module implements it; the host's cookie check and the bearer
/// and API-key handlers call it.
/// </summary>
public interface IAccountSessions
{
    Task<IReadOnlyList<Claim>?> CurrentClaimsAsync(ClaimsPrincipal user, CancellationToken ct);

    /// <summary>Ends the server-side session the principal belongs to (its <c>sid</c>), so neither the cookie nor a
    /// token issued from it works again. Called by <c>Sessions.SignOutAsync</c> (sign-out, OIDC end-session).</summary>
    Task EndAsync(ClaimsPrincipal user, CancellationToken ct) => Task.CompletedTask;
}
