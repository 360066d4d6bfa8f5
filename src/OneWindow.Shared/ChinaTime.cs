namespace OneWindow.Shared;

/// <summary>China Standard Time (UTC+8, no daylight saving): "today" for birth dates, deadlines and end dates of
/// authorizations is China's today, whatever zone the server runs in.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
