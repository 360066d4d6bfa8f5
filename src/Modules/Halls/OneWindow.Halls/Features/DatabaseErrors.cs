namespace OneWindow.Halls.Features;

/// <summary>The unique indexes of the halls tables that requests may race on (see <see cref="Shared.Data.UniqueViolation"/>).</summary>
internal static class DatabaseErrors
{
    /// <summary>The index that keeps one active booking per applicant, item and day.</summary>
    public const string ActiveBookingIndex = "ux_halls_bookings_active_per_day";
}
