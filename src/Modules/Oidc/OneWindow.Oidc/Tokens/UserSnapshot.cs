using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Tokens;

/// <summary>The signed-in user's platform claims, kept with an authorization code (and a refresh token) so the token
/// endpoint (called by the department system, without the browser session) can issue tokens about that user.
/// <see cref="SessionId"/> is the platform session (sid) the user signed in with: the tokens carry it, and ending that
/// session ends them (IAccountSessions).</summary>
public sealed record UserSnapshot(string Subject, string Kind, string Name, long? DepartmentId, string? RegionCode, IReadOnlyList<string> Roles, int? Assurance, long? ActingFor,
    string? SessionId = null)
{
    public static UserSnapshot From(PlatformPrincipal principal, string? sessionId = null) =>
        new(principal.Subject, principal.Kind, principal.Name, principal.DepartmentId, principal.RegionCode,
            principal.Roles.Order(StringComparer.Ordinal).ToList(), principal.Assurance, principal.ActingForEnterpriseId, sessionId);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static UserSnapshot FromJson(string json) => JsonSerializer.Deserialize<UserSnapshot>(json) ?? throw new InvalidOperationException("Empty user snapshot.");

    /// <summary>The snapshot as a principal of platform claims (authentication type "Bearer": it stands for a token),
    /// for IAccountSessions to re-check.</summary>
    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim> { new(PlatformClaims.Subject, Subject), new(PlatformClaims.Kind, Kind), new(PlatformClaims.Name, Name) };
        if (DepartmentId is { } department)
        {
            claims.Add(new Claim(PlatformClaims.Department, department.ToString(CultureInfo.InvariantCulture)));
        }

        if (RegionCode != null)
        {
            claims.Add(new Claim(PlatformClaims.Region, RegionCode));
        }

        claims.AddRange(Roles.Select(r => new Claim(PlatformClaims.Role, r)));
        if (Assurance is { } assurance)
        {
            claims.Add(new Claim(PlatformClaims.Assurance, assurance.ToString(CultureInfo.InvariantCulture)));
        }

        if (ActingFor is { } enterprise)
        {
            claims.Add(new Claim(PlatformClaims.ActingFor, enterprise.ToString(CultureInfo.InvariantCulture)));
        }

        if (SessionId != null)
        {
            claims.Add(new Claim(PlatformClaims.SessionId, SessionId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, PlatformAuthentication.BearerScheme, PlatformClaims.Name, PlatformClaims.Role));
    }

    /// <summary>The snapshot with the claims the account carries now (from IAccountSessions), keeping this session.</summary>
    public UserSnapshot WithCurrent(IReadOnlyList<Claim> current)
    {
        var principal = PlatformPrincipal.From(new ClaimsPrincipal(new ClaimsIdentity(current, PlatformAuthentication.BearerScheme, PlatformClaims.Name, PlatformClaims.Role)));
        return principal == null || principal.Subject != Subject ? this : From(principal, SessionId);
    }
}
