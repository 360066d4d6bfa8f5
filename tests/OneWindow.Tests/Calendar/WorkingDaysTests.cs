using OneWindow.Calendar.Domain;
using OneWindow.Calendar.Features.Seeding;
using OneWindow.Shared.Calendar;

namespace OneWindow.Tests.Calendar;

/// <summary>The deadline arithmetic (OneWindow.Shared.Calendar.WorkingDays) over the embedded 2025–2026 tables: no
/// database, the same snapshot the module builds.</summary>
public class WorkingDaysTests
{
    private static readonly WorkingDays Calendar = Build();

    private static WorkingDays Build()
    {
        var days = CalendarSeeder.ReferenceDays();
        return new WorkingDays(
            days.Where(d => d.Kind == DayKinds.Holiday).Select(d => d.Date).ToHashSet(),
            days.Where(d => d.Kind == DayKinds.Workday).Select(d => d.Date).ToHashSet());
    }

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-09-28", true)]  // Sunday worked (国庆节调休上班)
    [InlineData("2025-10-11", true)]  // Saturday worked
    [InlineData("2025-10-01", false)]
    [InlineData("2025-10-06", false)] // Monday inside the break (中秋节 joined to 国庆节)
    [InlineData("2025-10-08", false)]
    [InlineData("2025-10-09", true)]
    [InlineData("2025-10-12", false)] // ordinary Sunday
    [InlineData("2026-02-14", true)]  // Saturday worked (春节调休上班)
    [InlineData("2026-02-28", true)]
    [InlineData("2026-02-16", false)] // 春节, a Monday
    [InlineData("2026-02-23", false)] // last day of the break, a Monday
    [InlineData("2026-02-24", true)]
    public void Listed_days_override_the_week(string day, bool working) => Assert.Equal(working, Calendar.IsWorkingDay(D(day)));

    [Theory]
    // 2025 国庆/中秋: from Friday 26 Sep, Sunday 28 Sep counts, then 29-30 Sep, then nothing until Thursday 9 Oct.
    [InlineData("2025-09-26", 1, "2025-09-28")]
    [InlineData("2025-09-26", 3, "2025-09-30")]
    [InlineData("2025-09-26", 4, "2025-10-09")]
    [InlineData("2025-09-30", 1, "2025-10-09")]
    [InlineData("2025-09-30", 3, "2025-10-11")] // Saturday 11 Oct is worked
    [InlineData("2025-09-30", 4, "2025-10-13")]
    [InlineData("2025-09-19", 20, "2025-10-23")]
    // 2026 春节: Friday 13 Feb + 1 is the worked Saturday 14 Feb; the break runs 15–23 Feb; 28 Feb is worked.
    [InlineData("2026-02-13", 1, "2026-02-14")]
    [InlineData("2026-02-13", 2, "2026-02-24")]
    [InlineData("2026-02-13", 5, "2026-02-27")]
    [InlineData("2026-02-13", 6, "2026-02-28")]
    [InlineData("2026-02-13", 7, "2026-03-02")]
    // Starting on a holiday: the clock starts at the first working day after it.
    [InlineData("2025-10-01", 1, "2025-10-09")]
    [InlineData("2026-02-17", 1, "2026-02-24")]
    [InlineData("2026-02-15", 20, "2026-03-20")]
    // 0 days (即办): the start day itself, even a holiday.
    [InlineData("2025-10-03", 0, "2025-10-03")]
    [InlineData("2026-02-14", 0, "2026-02-14")]
    // Across the year end: 2025-12-31 + 1 skips 元旦 2026 (1–3 Jan); Sunday 4 Jan 2026 is worked.
    [InlineData("2025-12-31", 1, "2026-01-04")]
    [InlineData("2025-12-31", 2, "2026-01-05")]
    public void AddWorkingDays_skips_holidays_and_counts_adjusted_working_days(string start, int days, string expected) =>
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(start), days));

    [Fact]
    public void CountWorkingDays_is_the_inverse_of_AddWorkingDays()
    {
        foreach (var start in new[] { "2025-09-26", "2025-09-28", "2025-10-01", "2025-12-31", "2026-02-13", "2026-02-15", "2026-02-28" }.Select(D))
        {
            for (var n = 0; n <= 60; n++)
            {
                var end = Calendar.AddWorkingDays(start, n);
                Assert.Equal(n, Calendar.CountWorkingDays(start, end));
                // The deadline is the first day at which n working days have passed: one day earlier, fewer had.
                if (n > 0)
                {
                    Assert.Equal(n - 1, Calendar.CountWorkingDays(start, end.AddDays(-1)));
                }
            }
        }
    }

    [Fact]
    public void Counts_of_known_spans()
    {
        Assert.Equal(248, Calendar.CountWorkingDays(D("2024-12-31"), D("2025-12-31")));
        Assert.Equal(248, Calendar.CountWorkingDays(D("2025-12-31"), D("2026-12-31")));
        Assert.Equal(0, Calendar.CountWorkingDays(D("2025-09-30"), D("2025-10-08")));
        Assert.Equal(0, Calendar.CountWorkingDays(D("2025-10-09"), D("2025-10-09")));
        Assert.Equal(0, Calendar.CountWorkingDays(D("2025-10-09"), D("2025-10-01")));
    }

    [Fact]
    public void Weekdays_only_without_a_table_and_no_negative_limits()
    {
        Assert.Equal(D("2027-10-04"), WorkingDays.WeekdaysOnly.AddWorkingDays(D("2027-10-01"), 1)); // Friday → Monday
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D("2025-10-01"), -1));
    }

    [Fact]
    public void The_embedded_reference_matches_the_notices()
    {
        var days = CalendarSeeder.ReferenceDays();
        Assert.Equal(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
            days.Where(d => d.Date.Year == 2025 && d.Kind == DayKinds.Workday).Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
            days.Where(d => d.Date.Year == 2026 && d.Kind == DayKinds.Workday).Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(28, days.Count(d => d.Date.Year == 2025 && d.Kind == DayKinds.Holiday));
        // Every adjusted working day is a weekend day; otherwise listing it would change nothing.
        Assert.All(days.Where(d => d.Kind == DayKinds.Workday), d => Assert.True(d.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, d.Date.ToString()));
    }
}
