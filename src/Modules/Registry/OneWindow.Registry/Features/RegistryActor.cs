using System.Security.Claims;
using OneWindow.Registry.Domain;
using OneWindow.Shared.Security;

namespace OneWindow.Registry.Features;

/// <summary>Who calls the registry: staff (data_admin feeds and stewards, supervisor reads) or a department system
/// holding a client token with <see cref="WriteScope"/>, which may feed only its own department's sources.</summary>
public sealed record RegistryActor(string Subject, string Kind, long? DepartmentId, StaffScope Scope, IReadOnlySet<string> Scopes)
{
    public const string WriteScope = "registry.write";

    public bool IsStaff => Kind == PlatformClaims.KindStaff;

    public bool IsClient => Kind == PlatformClaims.KindClient;

    public string? DepartmentText => DepartmentId?.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    public static RegistryActor? From(ClaimsPrincipal user) => PlatformPrincipal.From(user) is { } p
        ? new RegistryActor(p.Subject, p.Kind, p.DepartmentId, p.Scope, p.Scopes)
        : null;

    public static RegistryActor System(string subject) =>
        new(subject, PlatformClaims.KindStaff, null, new StaffScope(null, null, new HashSet<string> { StaffRoles.PlatformAdmin }), new HashSet<string>());

    /// <summary>Reading records, history, conflicts and quality: data_admin or supervisor whose region holds the registry's.</summary>
    public bool MayRead(string registryRegion) => IsStaff
        && (Scope.Reaches(StaffRoles.DataAdmin, 0, registryRegion) || Scope.Reaches(StaffRoles.Supervisor, 0, registryRegion));

    /// <summary>Resolving conflicts, editing rules, revealing codes: data_admin of the registry's region.</summary>
    public bool MaySteward(string registryRegion) => IsStaff && Scope.Reaches(StaffRoles.DataAdmin, 0, registryRegion);

    /// <summary>Feeding a source: a data_admin reaching the source's division, or the source department's own system.</summary>
    public bool MayFeed(RegistrySource source) => IsStaff
        ? Scope.Reaches(StaffRoles.DataAdmin, source.DepartmentId ?? 0, source.RegionCode)
        : IsClient && Scopes.Contains(WriteScope) && source.DepartmentId != null && DepartmentId == source.DepartmentId;
}
