namespace OneWindow.Shared;

/// <summary>China Standard Time (UTC+8, no daylight saving), the one representation of China time on the platform:
/// "today" for birth dates, deadlines and end dates of authorizations is China's today, and pages show moments as
/// China's time of day, whatever zone the server runs in.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>The same moment as China's wall-clock time (+08:00).</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>China's calendar day of a moment.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(Local(at).DateTime);

    /// <summary>Midnight at the start of a China calendar day (an end date's next day is its exclusive end).</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);
}
