using OneWindow.Shared.Security;

namespace OneWindow.Halls;

/// <summary>The halls module's OAuth scopes (docs/integration-oidc.md lists every scope).</summary>
public static class HallsScopes
{
    public const string Read = "halls.read";
    public const string Write = "halls.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Read, "查看预约与大厅预约情况", "Read appointments and hall bookings", [ApiScope.Citizens, ApiScope.AnyStaff]),
        new ApiScope(Write, "预约、取消预约与大厅管理", "Book and cancel appointments, manage halls", [ApiScope.Citizens, StaffRoles.WindowOfficer, StaffRoles.DepartmentAdmin, StaffRoles.PlatformAdmin]),
    ];
}
