using OneWindow.Shared.Security;

namespace OneWindow.Halls.Features;

/// <summary>
/// Who may do what with a hall. A hall belongs to a GB/T 2260 division, not to a department, so the region role that
/// oversees service delivery manages it: a <c>supervisor</c> (效能监察) whose division reaches the hall's creates halls and
/// generates slots there (checked through <see cref="StaffScope.Reaches"/>); <c>platform_admin</c> everywhere. A
/// <c>window_officer</c> anchored at exactly the hall's division (the officers who sit at its windows) sees the hall's
/// bookings of a day and marks attendance; managers may do that too. Nobody else, whatever their other roles.
/// </summary>
public static class HallAccess
{
    public static bool MayManage(PlatformPrincipal? staff, string hallRegion) =>
        staff is { IsStaff: true } && staff.Scope.Reaches(StaffRoles.Supervisor, 0, hallRegion);

    public static bool MayServe(PlatformPrincipal? staff, string hallRegion) =>
        MayManage(staff, hallRegion)
        || (staff is { IsStaff: true } && staff.Roles.Contains(StaffRoles.WindowOfficer) && staff.RegionCode == hallRegion);

    /// <summary>Any hall role at all: who sees the back-office hall pages.</summary>
    public static bool HasHallRole(PlatformPrincipal? staff) =>
        staff is { IsStaff: true } && staff.Roles.Overlaps([StaffRoles.PlatformAdmin, StaffRoles.Supervisor, StaffRoles.WindowOfficer]);

    /// <summary>The applicant a signed-in citizen books for: the enterprise they act for, or themselves.</summary>
    public static string? ApplicantOf(PlatformPrincipal? principal) => principal?.ApplicantSubject;
}
