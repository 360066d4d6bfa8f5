using System.Globalization;
using System.Security.Claims;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.SignIn;

/// <summary>The claims a session carries for each account kind (names from <see cref="PlatformClaims"/>).
/// Only identifiers and levels: no ID number or phone ever goes into a cookie.</summary>
public static class AccountClaims
{
    public static List<Claim> ForCitizen(Citizen citizen, long? actingForEnterpriseId = null)
    {
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, Subjects.Citizen(citizen.Id)),
            new(PlatformClaims.Kind, PlatformClaims.KindCitizen),
            new(PlatformClaims.Name, citizen.Name),
            new(PlatformClaims.Assurance, ((int)citizen.AssuranceLevel).ToString(CultureInfo.InvariantCulture)),
        };
        if (actingForEnterpriseId is { } enterprise)
        {
            claims.Add(new Claim(PlatformClaims.ActingFor, enterprise.ToString(CultureInfo.InvariantCulture)));
        }

        return claims;
    }

    public static List<Claim> ForStaff(StaffMember staff)
    {
        var claims = new List<Claim>
        {
            new(PlatformClaims.Subject, Subjects.Staff(staff.Id)),
            new(PlatformClaims.Kind, PlatformClaims.KindStaff),
            new(PlatformClaims.Name, staff.DisplayName),
            new(PlatformClaims.Department, staff.DepartmentId.ToString(CultureInfo.InvariantCulture)),
            new(PlatformClaims.Region, staff.RegionCode),
        };
        claims.AddRange(staff.Roles.Select(r => new Claim(PlatformClaims.Role, r.Role)));
        return claims;
    }
}
