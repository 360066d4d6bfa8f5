using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneWindow.Calendar.Features.Cache;
using OneWindow.Calendar.Features.Editing;
using OneWindow.Shared.Http;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Calendar.Features.Api;

public sealed record CalendarDayResponse(DateOnly Date, string Kind, string Name);

public sealed record CalendarYearResponse(int Year, bool HasTable, int WorkingDays, int Holidays, int Workdays, IReadOnlyList<CalendarDayResponse> Days);

public sealed record DeadlineResponse(DateOnly From, int Days, DateOnly Deadline, IReadOnlyList<int> YearsWithoutTable);

public sealed record WorkingDaysResponse(DateOnly From, DateOnly To, int WorkingDays, IReadOnlyList<int> YearsWithoutTable);

public sealed record ReplaceYearRequest(IReadOnlyList<CalendarDayInput?>? Days);

/// <summary>/api/v1/calendar: the working-day calendar (工作日历). Reads are public; replacing a year is for platform admins.</summary>
public static class CalendarApi
{
    /// <summary>Longest limit the deadline endpoint computes (10 years of working days), and the longest span it counts.</summary>
    public const int MaxDays = 2500;
    public const int MaxSpanDays = 3700;

    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/calendar").WithTags("Calendar");
        group.MapGet("/{year:int}", GetYear).WithName("GetCalendarYear").PublicEndpoint()
            .WithSummary("A year's statutory holidays and adjusted working days, with its count of working days")
            .WithDescription("Lists every day of the year that differs from the week's pattern: `holiday` (法定节假日, every day of a break) and `workday` (调休上班, a weekend day worked). Other days: Monday–Friday work, Saturday and Sunday rest. `workingDays` counts the year's working days; `hasTable` is false when no table was ever set for the year (then only weekends rest). Years 2000–2100.");
        group.MapGet("/deadline", Deadline).WithName("GetCalendarDeadline").PublicEndpoint()
            .WithSummary("The day N working days after `from` (行政许可法 Art. 82)")
            .WithDescription("`from` YYYY-MM-DD, `days` 0–2500. The start day is not counted: 1 working day from a Friday is the next Monday; 0 gives `from` itself. `yearsWithoutTable` names years crossed that have no holiday table (the answer there counts weekends only).");
        group.MapGet("/working-days", WorkingDays).WithName("CountCalendarWorkingDays").PublicEndpoint()
            .WithSummary("Working days after `from` up to and including `to`")
            .WithDescription("`from`, `to` YYYY-MM-DD, at most 3700 days apart. Counts the working days in (from, to]: the inverse of /deadline (deadline(from, n) = to ⇒ count(from, to) = n). 0 when `to` is not after `from`.");
        group.MapPut("/{year:int}", ReplaceYear).WithName("ReplaceCalendarYear").RequireAuthorization(CalendarModule.AdminPolicy).RequireScope(CalendarScopes.Write)
            .WithSummary("Replace a year's table (platform admins)")
            .WithDescription("The posted `days` become the year's whole table: old rows and new rows are swapped in one transaction, audited as calendar.year_replaced. Each row: `date` (YYYY-MM-DD inside the year, no duplicates), `kind` (`holiday` | `workday`), `name` (1–50 characters). At most 366 rows; an empty list empties the year (the seeder will not refill it). Errors are a validation problem keyed `days[i].date|kind|name`; nothing is stored then. Staff session (JSON body, as other staff APIs) or bearer token with the platform_admin role.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Results<Ok<CalendarYearResponse>, ProblemHttpResult>> GetYear(int year, CachedWorkingCalendar calendar, CancellationToken ct)
    {
        if (!CalendarRules.IsYearInRange(year))
        {
            return CalendarText.Invalid("year", "calendar.year_range", CalendarRules.MinYear, CalendarRules.MaxYear).ToProblem();
        }

        return TypedResults.Ok(YearResponse(await calendar.SnapshotAsync(ct), year));
    }

    internal static CalendarYearResponse YearResponse(CalendarSnapshot snapshot, int year)
    {
        var days = snapshot.InYear(year).Select(e => new CalendarDayResponse(e.Date, e.Kind, e.Name)).ToList();
        var holidays = days.Count(d => d.Kind == Domain.DayKinds.Holiday);
        return new CalendarYearResponse(year, snapshot.Years.Contains(year), snapshot.WorkingDaysIn(year), holidays, days.Count - holidays, days);
    }

    private static async Task<Results<Ok<DeadlineResponse>, ProblemHttpResult>> Deadline(string? from, string? days, CachedWorkingCalendar calendar, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var start = ParseDay(from, "from", errors);
        var count = 0;
        if (string.IsNullOrWhiteSpace(days))
        {
            errors.Add("days", CalendarText.T("calendar.days_required", MaxDays));
        }
        else if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count > MaxDays)
        {
            errors.Add("days", CalendarText.T("calendar.days_format", MaxDays));
        }

        if (!errors.IsValid)
        {
            return CalendarText.Invalid(errors).ToProblem();
        }

        var snapshot = await calendar.SnapshotAsync(ct);
        var deadline = snapshot.Days.AddWorkingDays(start, count);
        return TypedResults.Ok(new DeadlineResponse(start, count, deadline, snapshot.YearsWithoutTable(start, deadline)));
    }

    private static async Task<Results<Ok<WorkingDaysResponse>, ProblemHttpResult>> WorkingDays(string? from, string? to, CachedWorkingCalendar calendar, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var start = ParseDay(from, "from", errors);
        var end = ParseDay(to, "to", errors);
        if (errors.IsValid && Math.Abs(end.DayNumber - start.DayNumber) > MaxSpanDays)
        {
            errors.Add("to", CalendarText.T("calendar.span_too_long", MaxSpanDays));
        }

        if (!errors.IsValid)
        {
            return CalendarText.Invalid(errors).ToProblem();
        }

        var snapshot = await calendar.SnapshotAsync(ct);
        return TypedResults.Ok(new WorkingDaysResponse(start, end, snapshot.Days.CountWorkingDays(start, end), snapshot.YearsWithoutTable(start, end)));
    }

    private static async Task<Results<Ok<CalendarYearResponse>, ProblemHttpResult>> ReplaceYear(
        int year, ReplaceYearRequest? body, ClaimsPrincipal user, CalendarEditor editor, CachedWorkingCalendar calendar, CancellationToken ct)
    {
        var principal = PlatformPrincipal.From(user) ?? throw new InvalidOperationException("The admin policy admits signed-in principals only.");
        var actor = new CalendarActor(principal.Subject, principal.DepartmentId?.ToString(CultureInfo.InvariantCulture));
        var outcome = await editor.ReplaceYearAsync(year, body?.Days, actor, ct);
        if (outcome.Failure is { } failure)
        {
            return failure.ToProblem();
        }

        return TypedResults.Ok(YearResponse(await calendar.SnapshotAsync(ct), year));
    }

    /// <summary>A day within the years the calendar handles, so arithmetic never runs off the end of DateOnly.</summary>
    private static DateOnly ParseDay(string? text, string field, ValidationErrors errors)
    {
        if (!CalendarRules.TryParseDate(text, out var day))
        {
            errors.Add(field, CalendarText.T("calendar.day_format", field));
            return default;
        }

        if (!CalendarRules.IsYearInRange(day.Year))
        {
            errors.Add(field, CalendarText.T("calendar.day_range", field, CalendarRules.MinYear, CalendarRules.MaxYear));
        }

        return day;
    }
}
