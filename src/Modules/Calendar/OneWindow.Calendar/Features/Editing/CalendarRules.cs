using System.Globalization;
using OneWindow.Calendar.Data;
using OneWindow.Calendar.Domain;
using OneWindow.Shared.Http;

namespace OneWindow.Calendar.Features.Editing;

/// <summary>One posted row of a year's table, as text so that every bad value becomes an error on its own row.</summary>
public sealed record CalendarDayInput(string? Date, string? Kind, string? Name);

/// <summary>The checks a year's table passes before it replaces the stored one (API and admin page alike).</summary>
public static class CalendarRules
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxRows = 366;

    public static bool IsYearInRange(int year) => year is >= MinYear and <= MaxYear;

    /// <summary>Strict ISO date (2026-02-17).</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The row an error key such as days[3].date points at (3), or null for errors of the whole list.</summary>
    public static int? RowIndex(string errorKey) =>
        errorKey.StartsWith("days[", StringComparison.Ordinal) && errorKey.IndexOf(']', StringComparison.Ordinal) is var end and > 5
            && int.TryParse(errorKey.AsSpan(5, end - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>Checks every row; errors are keyed days[i].date|kind|name (i from 0) or days for the list as a whole.</summary>
    public static (IReadOnlyList<CalendarEntryInput> Rows, ValidationErrors Errors) Validate(int year, IReadOnlyList<CalendarDayInput?>? days)
    {
        var errors = new ValidationErrors();
        var rows = new List<CalendarEntryInput>();
        if (!IsYearInRange(year))
        {
            errors.Add("year", CalendarText.T("calendar.year_range", MinYear, MaxYear));
            return (rows, errors);
        }

        if (days == null)
        {
            errors.Add("days", CalendarText.T("calendar.days_list_required"));
            return (rows, errors);
        }

        if (days.Count > MaxRows)
        {
            errors.Add("days", CalendarText.T("calendar.too_many_rows", MaxRows, days.Count));
            return (rows, errors);
        }

        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < days.Count; i++)
        {
            var key = $"days[{i}]";
            var day = days[i];
            if (day == null)
            {
                errors.Add(key, CalendarText.T("calendar.row_empty"));
                continue;
            }

            var ok = true;
            if (!TryParseDate(day.Date, out var date))
            {
                errors.Add(key + ".date", CalendarText.T("calendar.date_format", year));
                ok = false;
            }
            else if (date.Year != year)
            {
                errors.Add(key + ".date", CalendarText.T("calendar.date_other_year", Iso(date), year));
                ok = false;
            }
            else if (!seen.Add(date))
            {
                errors.Add(key + ".date", CalendarText.T("calendar.date_duplicate", Iso(date)));
                ok = false;
            }

            var kind = day.Kind?.Trim();
            if (!DayKinds.IsKnown(kind))
            {
                errors.Add(key + ".kind", CalendarText.T("calendar.kind_invalid"));
                ok = false;
            }

            var name = day.Name?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(key + ".name", CalendarText.T("calendar.name_required"));
                ok = false;
            }
            else if (name.Length > CalendarDbContext.MaxNameLength)
            {
                errors.Add(key + ".name", CalendarText.T("calendar.name_too_long", CalendarDbContext.MaxNameLength));
                ok = false;
            }
            else if (name.Any(char.IsControl))
            {
                errors.Add(key + ".name", CalendarText.T("calendar.name_control"));
                ok = false;
            }

            if (ok)
            {
                rows.Add(new CalendarEntryInput(date, kind!, name!));
            }
        }

        return (rows.OrderBy(r => r.Date).ToList(), errors);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A checked row.</summary>
public sealed record CalendarEntryInput(DateOnly Date, string Kind, string Name);
