using System.Globalization;
using System.Security.Claims;

namespace OneWindow.Shared.Security;

/// <summary>
/// The claims every module reads from the signed-in principal, whichever way it signed in (the session cookie of a
/// citizen or staff member, or a bearer token of a department system). The identity module issues them; other
/// modules only read them, through <see cref="PlatformPrincipal"/>.
/// </summary>
public static class PlatformClaims
{
    /// <summary>Stable subject: "citizen:12", "staff:3" or "client:gaj-business-system".</summary>
    public const string Subject = "sub";

    /// <summary>citizen | staff | client.</summary>
    public const string Kind = "ow:kind";

    /// <summary>Display name (a person's name, a staff member's display name, a client's name).</summary>
    public const string Name = ClaimTypes.Name;

    /// <summary>One per role (see <see cref="StaffRoles"/>); only staff carry roles.</summary>
    public const string Role = ClaimTypes.Role;

    /// <summary>The department (catalogue department id) a staff member or department system belongs to.</summary>
    public const string Department = "ow:department";

    /// <summary>The GB/T 2260 division code a staff member's scope is anchored at.</summary>
    public const string Region = "ow:region";

    /// <summary>A citizen's assurance level (1 registered, 2 ID verified, 3 verified in person).</summary>
    public const string Assurance = "ow:assurance";

    /// <summary>The enterprise (identity enterprise id) a citizen is currently acting for as its agent (经办人).</summary>
    public const string ActingFor = "ow:acting_for";

    /// <summary>Space-separated OAuth scopes granted to a bearer token or an API key.</summary>
    public const string Scope = "scope";

    /// <summary>The server-side session a cookie (and the tokens issued from it) belongs to; ending the session ends
    /// them all (IAccountSessions).</summary>
    public const string SessionId = "sid";

    /// <summary>The API key (identity key id) a request authenticated with; its per-minute permit is
    /// <see cref="ApiKeyPermit"/>. Only principals of the "ApiKey" scheme carry them.</summary>
    public const string ApiKeyId = "ow:api_key";

    public const string ApiKeyPermit = "ow:api_key_permit";

    public const string KindCitizen = "citizen";
    public const string KindStaff = "staff";
    public const string KindClient = "client";
}

/// <summary>
/// The one actor built from claims: a typed reading of the platform claims on a <see cref="ClaimsPrincipal"/>. Modules
/// build their specific checks on it (CaseActor, StaffActor, CatalogActor, RegistryActor, LicenceActor, WebhookActor,
/// HallAccess) and read nothing from the claims themselves.
/// </summary>
public sealed record PlatformPrincipal(string Subject, string Kind, string Name, long? DepartmentId, string? RegionCode, IReadOnlySet<string> Roles, int? Assurance, long? ActingForEnterpriseId)
{
    public bool IsStaff => Kind == PlatformClaims.KindStaff;

    public bool IsCitizen => Kind == PlatformClaims.KindCitizen;

    public bool IsClient => Kind == PlatformClaims.KindClient;

    /// <summary>The numeric id behind the subject ("citizen:12" → 12), or null for clients.</summary>
    public long? AccountId => Subject.IndexOf(':') is var i and > 0 && long.TryParse(Subject.AsSpan(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public StaffScope Scope => new(DepartmentId, RegionCode, Roles);

    /// <summary>The OAuth scopes of a bearer token (a department system's client token); empty for a session.</summary>
    public IReadOnlySet<string> Scopes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The applicant a signed-in citizen acts for: the enterprise while acting as its agent (经办人,
    /// "enterprise:5"), else themselves ("citizen:12"). Null for anyone who is not a citizen.</summary>
    public string? ApplicantSubject => !IsCitizen ? null
        : ActingForEnterpriseId is { } enterprise ? "enterprise:" + enterprise.ToString(CultureInfo.InvariantCulture) : Subject;

    public bool HasScope(string scope) => Scopes.Contains(scope);

    public static PlatformPrincipal? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var subject = user.FindFirstValue(PlatformClaims.Subject);
        var kind = user.FindFirstValue(PlatformClaims.Kind);
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(kind))
        {
            return null;
        }

        return new PlatformPrincipal(
            subject,
            kind,
            user.FindFirstValue(PlatformClaims.Name) ?? subject,
            ReadLong(user, PlatformClaims.Department),
            user.FindFirstValue(PlatformClaims.Region),
            user.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            ReadLong(user, PlatformClaims.Assurance) is { } level ? (int)level : null,
            ReadLong(user, PlatformClaims.ActingFor))
        {
            Scopes = (user.FindFirstValue(PlatformClaims.Scope) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static long? ReadLong(ClaimsPrincipal user, string type) =>
        long.TryParse(user.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
