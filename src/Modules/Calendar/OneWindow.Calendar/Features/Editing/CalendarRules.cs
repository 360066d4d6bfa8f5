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
            errors.Add("year", $"年份应在 {MinYear} 至 {MaxYear} 之间");
            return (rows, errors);
        }

        if (days == null)
        {
            errors.Add("days", "请提交 days 列表（可以为空列表，表示该年没有节假日和调休）");
            return (rows, errors);
        }

        if (days.Count > MaxRows)
        {
            errors.Add("days", $"一年最多 {MaxRows} 行，提交了 {days.Count} 行");
            return (rows, errors);
        }

        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < days.Count; i++)
        {
            var key = $"days[{i}]";
            var day = days[i];
            if (day == null)
            {
                errors.Add(key, "该行为空");
                continue;
            }

            var ok = true;
            if (!TryParseDate(day.Date, out var date))
            {
                errors.Add(key + ".date", "日期应写作 YYYY-MM-DD，例如 " + year.ToString(CultureInfo.InvariantCulture) + "-10-01");
                ok = false;
            }
            else if (date.Year != year)
            {
                errors.Add(key + ".date", $"日期 {date:yyyy-MM-dd} 不在 {year} 年内");
                ok = false;
            }
            else if (!seen.Add(date))
            {
                errors.Add(key + ".date", $"日期 {date:yyyy-MM-dd} 出现了不止一次，每个日期只能有一行");
                ok = false;
            }

            var kind = day.Kind?.Trim();
            if (!DayKinds.IsKnown(kind))
            {
                errors.Add(key + ".kind", "类型应为 holiday（法定节假日）或 workday（调休上班）");
                ok = false;
            }

            var name = day.Name?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(key + ".name", "请填写名称，例如 国庆节");
                ok = false;
            }
            else if (name.Length > CalendarDbContext.MaxNameLength)
            {
                errors.Add(key + ".name", $"名称不能超过{CalendarDbContext.MaxNameLength}个字符");
                ok = false;
            }
            else if (name.Any(char.IsControl))
            {
                errors.Add(key + ".name", "名称不能含有制表符、换行等控制字符");
                ok = false;
            }

            if (ok)
            {
                rows.Add(new CalendarEntryInput(date, kind!, name!));
            }
        }

        return (rows.OrderBy(r => r.Date).ToList(), errors);
    }
}

/// <summary>A checked row.</summary>
public sealed record CalendarEntryInput(DateOnly Date, string Kind, string Name);
