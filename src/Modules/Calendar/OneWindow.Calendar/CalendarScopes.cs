using OneWindow.Shared.Security;

namespace OneWindow.Calendar;

/// <summary>The calendar module's OAuth scope (reading the calendar is public) (docs/integration-oidc.md lists every scope).</summary>
public static class CalendarScopes
{
    public const string Write = "calendar.write";

    /// <summary>What each grants and who may grant it to a department system.</summary>
    public static ApiScope[] All =>
    [
        new ApiScope(Write, "维护工作日历", "Maintain the working-day calendar", [StaffRoles.PlatformAdmin]),
    ];
}
