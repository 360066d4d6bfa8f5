using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Calendar;
using OneWindow.Calendar.Domain;
using OneWindow.Calendar.Features;
using OneWindow.Calendar.Features.Cache;
using OneWindow.Calendar.Features.Editing;
using OneWindow.Shared;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Calendar.Pages.Admin.Calendar;

/// <summary>工作日历: a year's statutory holidays and adjusted working days (table and month grid), and its replacement by
/// pasting TSV lines `date&lt;TAB&gt;kind&lt;TAB&gt;name`. Errors name their line. Platform admins only.</summary>
[Authorize(Policy = CalendarModule.AdminPolicy)]
public sealed class IndexModel(CachedWorkingCalendar calendar, CalendarEditor editor, TimeProvider clock) : PageModel
{
    public const int MaxTextLength = 64_000;

    public int Year { get; private set; }

    public CalendarSnapshot Snapshot { get; private set; } = null!;

    public IReadOnlyList<CalendarEntry> Entries { get; private set; } = [];

    public IReadOnlyList<int> YearChoices { get; private set; } = [];

    /// <summary>The textarea's content: the stored table, or what was posted when it had errors.</summary>
    public string Tsv { get; private set; } = "";

    public string? YearError { get; private set; }

    /// <summary>Errors of the posted text, each with its 1-based line (0: the text as a whole).</summary>
    public IReadOnlyList<(int Line, string Message)> TsvErrors { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(string? year, string? saved, CancellationToken ct)
    {
        Year = ChinaTime.Today(clock).Year;
        if (!string.IsNullOrEmpty(year))
        {
            if (int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && CalendarRules.IsYearInRange(y))
            {
                Year = y;
            }
            else
            {
                YearError = CalendarText.T("calendar.year_param", CalendarRules.MinYear, CalendarRules.MaxYear);
            }
        }

        Saved = saved == "1";
        await LoadAsync(null, ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] int year, [FromForm(Name = "Tsv")] string? tsv, CancellationToken ct)
    {
        Year = year;
        if (!CalendarRules.IsYearInRange(year))
        {
            return BadRequest();
        }

        var errors = new List<(int Line, string Message)>();
        if (tsv is { Length: > MaxTextLength })
        {
            errors.Add((0, CalendarText.T("calendar.text_too_long", MaxTextLength)));
        }
        else
        {
            var (rows, lineErrors) = CalendarTsv.Parse(tsv);
            errors.AddRange(lineErrors);
            var days = rows.Select(r => (CalendarDayInput?)r.Day).ToList();
            var (_, rowErrors) = CalendarRules.Validate(year, days);
            errors.AddRange(LineErrors(rowErrors.ToDictionary(), rows));
            if (errors.Count == 0)
            {
                var principal = PlatformPrincipal.From(User)!;
                var outcome = await editor.ReplaceYearAsync(year, days,
                    new CalendarActor(principal.Subject, principal.DepartmentId?.ToString(CultureInfo.InvariantCulture)), ct);
                if (outcome.Failure is not { } failure)
                {
                    return Redirect($"/admin/calendar?year={year.ToString(CultureInfo.InvariantCulture)}&saved=1");
                }

                errors.AddRange(LineErrors(failure.Errors ?? new Dictionary<string, string[]>(), rows));
            }
        }

        TsvErrors = errors.OrderBy(e => e.Line).ToList();
        await LoadAsync(tsv, ct);
        return Page();
    }

    private static IEnumerable<(int Line, string Message)> LineErrors(IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<TsvRow> rows)
    {
        foreach (var (key, messages) in errors)
        {
            var line = CalendarRules.RowIndex(key) is { } i && i < rows.Count ? rows[i].Line : 0;
            foreach (var message in messages)
            {
                yield return (line, message);
            }
        }
    }

    private async Task LoadAsync(string? posted, CancellationToken ct)
    {
        Snapshot = await calendar.SnapshotAsync(ct);
        Entries = Snapshot.InYear(Year).ToList();
        Tsv = posted ?? CalendarTsv.Header + "\n" + CalendarTsv.Write(Entries.Select(e => (e.Date, e.Kind, e.Name)));
        var today = ChinaTime.Today(clock).Year;
        YearChoices = Snapshot.Years.Append(today).Append(today + 1).Append(Year).Distinct().Order().ToList();
    }

    public static string KindLabel(string kind) => CalendarText.T(kind == DayKinds.Workday ? "calendar.kind.workday" : "calendar.kind.holiday");

    public static string Weekday(DateOnly date) => Lang.IsEnglish
        ? date.DayOfWeek.ToString()[..3]
        : "日一二三四五六"[(int)date.DayOfWeek].ToString();

    public static string DayText(DateOnly date) => Lang.IsEnglish
        ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
        : $"{date.Year}年{date.Month}月{date.Day}日";
}
