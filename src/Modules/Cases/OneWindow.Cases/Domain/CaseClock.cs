using OneWindow.Shared.Calendar;

namespace OneWindow.Cases.Domain;

/// <summary>Written as "none" | "yellow" | "red" in API answers.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DeadlineLevelJson))]
public enum DeadlineLevel
{
    None,

    /// <summary>黄牌: a few working days left.</summary>
    Yellow,

    /// <summary>红牌: the deadline is today or has passed.</summary>
    Red,
}

public sealed class DeadlineLevelJson() : System.Text.Json.Serialization.JsonStringEnumConverter<DeadlineLevel>(System.Text.Json.JsonNamingPolicy.CamelCase);

/// <summary>
/// The legal clock of a case in working days (行政许可法 Art. 42, 45, 82). It starts the working day after acceptance,
/// stands still during corrections after acceptance and special procedures (hearings, inspection, expert review), and
/// grows by an approved extension. All dates are China dates.
/// </summary>
public static class CaseClock
{
    /// <summary>Art. 32: a complete correction notice within 5 working days, or the case counts as accepted.</summary>
    public const int AcceptanceDays = 5;

    /// <summary>Art. 42: a single authority may extend by 10 working days; joint handling (Art. 42 para 2) by 15.</summary>
    public static int MaxExtension(bool jointHandling) => jointHandling ? 15 : 10;

    public static void Start(Case c, DateOnly acceptedOn, WorkingDays days)
    {
        c.AcceptedOn = acceptedOn;
        c.PausedDays = 0;
        c.PausedSince = null;
        Recompute(c, days);
    }

    public static void Pause(Case c, DateOnly today)
    {
        c.PausedSince ??= today;
        c.DueOn = null;
        c.PromisedDueOn = null;
    }

    public static void Resume(Case c, DateOnly today, WorkingDays days)
    {
        if (c.PausedSince is { } since)
        {
            c.PausedDays += days.CountWorkingDays(since, today);
            c.PausedSince = null;
        }

        Recompute(c, days);
    }

    public static void Extend(Case c, int extraDays, WorkingDays days)
    {
        c.ExtensionDays += extraDays;
        if (c.PausedSince == null)
        {
            Recompute(c, days);
        }
    }

    public static void Recompute(Case c, WorkingDays days)
    {
        if (c.AcceptedOn is not { } start || c.PausedSince != null)
        {
            return;
        }

        c.DueOn = days.AddWorkingDays(start, c.StatutoryDays + c.PausedDays + c.ExtensionDays);
        c.PromisedDueOn = days.AddWorkingDays(start, Math.Min(c.PromisedDays, c.StatutoryDays) + c.PausedDays + c.ExtensionDays);
    }

    /// <summary>Red at or after the deadline, yellow when at most <paramref name="warnDays"/> working days remain.</summary>
    public static DeadlineLevel Level(DateOnly? dueOn, DateOnly today, WorkingDays days, int warnDays)
    {
        if (dueOn is not { } due)
        {
            return DeadlineLevel.None;
        }

        if (today >= due)
        {
            return DeadlineLevel.Red;
        }

        return days.CountWorkingDays(today, due) <= warnDays ? DeadlineLevel.Yellow : DeadlineLevel.None;
    }

    /// <summary>Working days left until <paramref name="dueOn"/> (negative when overdue, counted in calendar days then).</summary>
    public static int? Remaining(DateOnly? dueOn, DateOnly today, WorkingDays days) =>
        dueOn is not { } due ? null : due >= today ? days.CountWorkingDays(today, due) : -(today.DayNumber - due.DayNumber);
}
