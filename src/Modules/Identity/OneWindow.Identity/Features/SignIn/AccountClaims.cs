using System.Globalization;
using System.Security.Claims;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.SignIn;

/// <summary>The claims a session carries for each account kind (names from <see cref="PlatformClaims"/>).
/// Only identifiers and levels: no ID number or phone ever goes into a cookie.</summary>
public static class AccountClaims
{
    public static List<Claim> ForCitizen(Citizen citizen, long? actingForEnterpriseId = null) =>
        ForCitizen(citizen.Id, citizen.Name, citizen.AssuranceLevel, actingForEnterpriseId);

    public static List<Claim> ForCitizen(long id, string name, AssuranceLevel level, long? actingForEnterpriseId)
    {
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, Subjects.Citizen(id)),
            new(PlatformClaims.Kind, PlatformClaims.KindCitizen),
            new(PlatformClaims.Name, name),
            new(PlatformClaims.Assurance, ((int)level).ToString(CultureInfo.InvariantCulture)),
        };
        if (actingForEnterpriseId is { } enterprise)
        {
            claims.Add(new Claim(PlatformClaims.ActingFor, enterprise.ToString(CultureInfo.InvariantCulture)));
        }

        return claims;
    }

    public static List<Claim> ForStaff(StaffMember staff) =>
        ForStaff(staff.Id, staff.DisplayName, staff.DepartmentId, staff.RegionCode, staff.Roles.Select(r => r.Role));

    public static List<Claim> ForStaff(long id, string displayName, long departmentId, string regionCode, IEnumerable<string> roles)
    {
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, Subjects.Staff(id)),
            new(PlatformClaims.Kind, PlatformClaims.KindStaff),
            new(PlatformClaims.Name, displayName),
            new(PlatformClaims.Department, departmentId.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.Region, regionCode),
        };
        claims.AddRange(roles.Order(StringComparer.Ordinal).Select(r => new Claim(PlatformClaims.Role, r)));
        return claims;
    }
}
