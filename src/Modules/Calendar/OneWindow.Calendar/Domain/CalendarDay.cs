namespace OneWindow.Calendar.Domain;

/// <summary>One listed day: a statutory holiday (法定节假日) or an adjusted working day (调休上班). Days not listed follow
/// the week: Monday–Friday work, Saturday and Sunday rest.</summary>
public sealed class CalendarDay
{
    public DateOnly Date { get; set; }

    /// <summary><see cref="DayKinds.Holiday"/> or <see cref="DayKinds.Workday"/>.</summary>
    public string Kind { get; set; } = DayKinds.Holiday;

    public string Name { get; set; } = "";

    /// <summary>"seed" for reference data, else the administrator's subject (staff:12).</summary>
    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A year whose table has been set, by the seeder or by an administrator. Its presence stops the seeder from
/// filling the year again (an administrator may empty a year on purpose); <see cref="Version"/> grows with every
/// replacement, so the sum over years is the revision other nodes compare.</summary>
public sealed class CalendarYear
{
    public int Year { get; set; }

    /// <summary>"seed" or "admin".</summary>
    public string Source { get; set; } = "seed";

    public long Version { get; set; }

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class DayKinds
{
    public const string Holiday = "holiday";
    public const string Workday = "workday";

    public static bool IsKnown(string? kind) => kind is Holiday or Workday;
}
