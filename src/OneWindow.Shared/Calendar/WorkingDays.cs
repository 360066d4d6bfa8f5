namespace OneWindow.Shared.Calendar;

/// <summary>
/// An immutable view of the working-day calendar: statutory holidays (法定节假日, every day of a break) and adjusted
/// working days (调休上班, weekends worked). A working day is a Monday–Friday that is not a holiday, or any day listed
/// as a workday (行政许可法 Art. 82: time limits count working days, statutory holidays excluded).
/// </summary>
public sealed class WorkingDays(IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays)
{
    public static readonly WorkingDays WeekdaysOnly = new(new HashSet<DateOnly>(), new HashSet<DateOnly>());

    public bool IsWorkingDay(DateOnly day) =>
        workdays.Contains(day) || (!holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The day on which a limit of <paramref name="days"/> working days that starts on <paramref name="start"/>
    /// ends. The start day itself is not counted (the clock starts the next working day), so 1 working day from a
    /// Friday is the following Monday. 0 days gives the start day (即办).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = start;
        while (days > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                days--;
            }
        }

        return day;
    }

    /// <summary>Working days in (<paramref name="from"/>, <paramref name="to"/>]: the start day excluded, the end day
    /// included; 0 when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public int CountWorkingDays(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>The current calendar. The calendar module keeps it in memory and reloads it after an administrator edits a
/// year, so deadline arithmetic never queries the database.</summary>
public interface IWorkingCalendar
{
    ValueTask<WorkingDays> CurrentAsync(CancellationToken ct);
}
