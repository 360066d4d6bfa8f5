using OneWindow.Identity.Domain;

namespace OneWindow.Identity.Features.Staff;

/// <summary>A staff account as administrators see it: no password hash, no second-factor secret.</summary>
public sealed record StaffView(
    long Id, string UserName, string DisplayName, long DepartmentId, string RegionCode, IReadOnlyList<string> Roles,
    DateTimeOffset? DisabledAt, DateTimeOffset? LockedUntil, bool HasSecondFactor, DateTimeOffset CreatedAt)
{
    public bool Disabled => DisabledAt != null;

    public static StaffView From(StaffMember staff) => new(
        staff.Id, staff.UserName, staff.DisplayName, staff.DepartmentId, staff.RegionCode,
        OneWindow.Shared.Security.StaffRoles.All.Where(role => staff.Roles.Any(r => r.Role == role)).ToList(),
        staff.DisabledAt, staff.LockedUntil, staff.TotpSecretCipher != null, staff.CreatedAt);
}

/// <summary>A new account and its initial password, shown once to the admin who created it and never stored in clear.</summary>
public sealed record CreatedStaff(StaffView Staff, string InitialPassword);

/// <summary>A reset password, shown once.</summary>
public sealed record ResetPassword(StaffView Staff, string InitialPassword);

public sealed record CreateStaffRequest(string? UserName, string? DisplayName, string? DepartmentKey, string? RegionCode, IReadOnlyList<string>? Roles);

public sealed record StaffListFilter(long? DepartmentId, string? RegionCode, string? After, int PageSize = 50);

/// <summary>One page of the directory, in user-name order; <see cref="NextAfter"/> is the cursor for the next page.</summary>
public sealed record StaffPage(IReadOnlyList<StaffView> Rows, string? NextAfter);
