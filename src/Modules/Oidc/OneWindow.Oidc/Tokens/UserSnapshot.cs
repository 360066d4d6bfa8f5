using System.Text.Json;
using OneWindow.Shared.Security;

namespace OneWindow.Oidc.Tokens;

/// <summary>The signed-in user's platform claims, kept with an authorization code so the token endpoint (called by
/// the department system, without the browser session) can issue tokens about that user.</summary>
public sealed record UserSnapshot(string Subject, string Kind, string Name, long? DepartmentId, string? RegionCode, IReadOnlyList<string> Roles, int? Assurance, long? ActingFor)
{
    public static UserSnapshot From(PlatformPrincipal principal) =>
        new(principal.Subject, principal.Kind, principal.Name, principal.DepartmentId, principal.RegionCode,
            principal.Roles.Order(StringComparer.Ordinal).ToList(), principal.Assurance, principal.ActingForEnterpriseId);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static UserSnapshot FromJson(string json) => JsonSerializer.Deserialize<UserSnapshot>(json) ?? throw new InvalidOperationException("Empty user snapshot.");
}
