using OneWindow.Cases.Domain;
using OneWindow.Shared.Calendar;

namespace OneWindow.Tests.Cases;

/// <summary>The legal clock in working days over the real 2025 tables: 国庆/中秋 (10-01..10-08 off, 09-28 and 10-11
/// worked) and a pause for corrections.</summary>
public sealed class CaseClockTests
{
    private static readonly WorkingDays Days2025 = new(
        Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d)).ToHashSet(),
        new HashSet<DateOnly> { new(2025, 9, 28), new(2025, 10, 11) });

    [Fact]
    public void Deadline_skips_the_national_day_break_and_counts_the_adjusted_weekend_days()
    {
        var c = new Case { StatutoryDays = 20, PromisedDays = 10 };
        // Accepted Friday 2025-09-26. Working days after it: Sun 9-28 (调休), Mon 9-29, Tue 9-30, then 10-09 (Thu),
        // 10-10 (Fri), Sat 10-11 (调休), then Mon 10-13 onwards.
        CaseClock.Start(c, new DateOnly(2025, 9, 26), Days2025);
        // 1: 9-28, 2: 9-29, 3: 9-30, 4: 10-09, 5: 10-10, 6: 10-11, 7..11: 10-13..10-17, 12..16: 10-20..10-24, 17..20: 10-27..10-30.
        Assert.Equal(new DateOnly(2025, 10, 30), c.DueOn);
        // Promised 10: 6 → 10-11, 7..10 → 10-13..10-16.
        Assert.Equal(new DateOnly(2025, 10, 16), c.PromisedDueOn);
    }

    [Fact]
    public void A_correction_pause_moves_the_deadline_by_the_working_days_it_lasted()
    {
        var c = new Case { StatutoryDays = 20, PromisedDays = 20 };
        CaseClock.Start(c, new DateOnly(2025, 9, 26), Days2025);
        var before = c.DueOn!.Value;
        // Paused on Tue 9-30, answered on Fri 10-10: the working days 10-09 and 10-10 do not count.
        CaseClock.Pause(c, new DateOnly(2025, 9, 30));
        Assert.Null(c.DueOn);
        CaseClock.Resume(c, new DateOnly(2025, 10, 10), Days2025);
        Assert.Equal(2, c.PausedDays);
        Assert.Equal(Days2025.AddWorkingDays(before, 2), c.DueOn);
        Assert.Equal(new DateOnly(2025, 11, 3), c.DueOn);
    }

    [Fact]
    public void An_extension_adds_working_days_and_is_capped_by_the_law()
    {
        var c = new Case { StatutoryDays = 20 };
        CaseClock.Start(c, new DateOnly(2025, 9, 26), Days2025);
        CaseClock.Extend(c, 10, Days2025);
        Assert.Equal(Days2025.AddWorkingDays(new DateOnly(2025, 10, 30), 10), c.DueOn);
        Assert.Equal(10, CaseClock.MaxExtension(jointHandling: false));
        Assert.Equal(15, CaseClock.MaxExtension(jointHandling: true));
    }

    [Fact]
    public void Warnings_turn_yellow_a_few_working_days_before_and_red_on_the_day()
    {
        var due = new DateOnly(2025, 10, 13); // a Monday after the 调休 Saturday 10-11
        Assert.Equal(DeadlineLevel.None, CaseClock.Level(due, new DateOnly(2025, 9, 26), Days2025, 3));
        // From Thu 10-09: 10-10, 10-11, 10-13 → 3 working days left → yellow.
        Assert.Equal(DeadlineLevel.Yellow, CaseClock.Level(due, new DateOnly(2025, 10, 9), Days2025, 3));
        Assert.Equal(DeadlineLevel.Red, CaseClock.Level(due, due, Days2025, 3));
        Assert.Equal(DeadlineLevel.Red, CaseClock.Level(due, due.AddDays(2), Days2025, 3));
        Assert.Equal(-2, CaseClock.Remaining(due, due.AddDays(2), Days2025));
        Assert.Equal(DeadlineLevel.None, CaseClock.Level(null, due, Days2025, 3));
    }
}
