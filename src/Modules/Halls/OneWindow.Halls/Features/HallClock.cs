using System.Globalization;
using OneWindow.Shared;

namespace OneWindow.Halls.Features;

/// <summary>Slots are in China time (a day and a time of day at the hall); "now" is read in that zone too.</summary>
public static class HallClock
{
    public static (DateOnly Today, TimeOnly Time) Now(TimeProvider clock)
    {
        var local = ChinaTime.Local(clock.GetUtcNow());
        return (DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime));
    }

    public static bool HasStarted(DateOnly date, TimeOnly startsAt, TimeProvider clock)
    {
        var (today, time) = Now(clock);
        return date < today || (date == today && startsAt <= time);
    }

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
