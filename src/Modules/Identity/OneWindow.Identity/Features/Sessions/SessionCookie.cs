using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OneWindow.Identity.Features.SignIn;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Identity.Features.Sessions;

/// <summary>
/// Completes a sign-in: starts a server-side session (identity_sessions) and issues the cookie with its id in the
/// <c>sid</c> claim. A session this browser still held is ended first (the new sign-in replaces it). Every sign-in
/// page goes through here; claim changes of an existing session use <see cref="OneWindow.Shared.Web.Sessions.RefreshAsync"/>.
/// </summary>
public sealed class SessionCookie(AccountSessions sessions)
{
    public async Task SignInAsync(HttpContext http, IReadOnlyList<Claim> claims, CancellationToken ct)
    {
        var subject = claims.First(c => c.Type == PlatformClaims.Subject).Value;
        if (!Subjects.TryParse(subject, out var kind, out var id))
        {
            throw new InvalidOperationException("Only citizens and staff have sessions.");
        }

        if (http.User.Identity?.IsAuthenticated == true)
        {
            await sessions.ReplaceAsync(http.User, ct);
        }

        var sid = await sessions.StartAsync(kind, id, http.Request.Headers.UserAgent, ct);
        await OneWindow.Shared.Web.Sessions.SignInAsync(http, [.. claims.Where(c => c.Type != PlatformClaims.SessionId), new Claim(PlatformClaims.SessionId, sid)]);
    }
}
