using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Calendar.Data;
using OneWindow.Calendar.Domain;
using OneWindow.Calendar.Features.Editing;
using OneWindow.Shared.Startup;

namespace OneWindow.Calendar.Features.Seeding;

/// <summary>
/// Reference data, in every environment: inserts the embedded holiday table (Reference/holidays-cn-*.tsv) for each
/// year that was never set. A year an administrator has edited — even emptied — has its calendar_years row and is
/// left alone, so an edit is never overwritten. Runs at every start on every node under the calendar's write lock.
/// </summary>
public sealed class CalendarSeeder(CalendarDbContext db, TimeProvider clock, ILogger<CalendarSeeder> logger) : IStartupTask
{
    public const string Actor = "seed";

    public string Name => "calendar.holidays";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var byYear = ReferenceDays().GroupBy(d => d.Date.Year).ToDictionary(g => g.Key, g => g.ToList());
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await CalendarEditor.LockAsync(db, cancellationToken);
        var years = byYear.Keys.ToList();
        var set = await db.Years.Where(y => years.Contains(y.Year)).Select(y => y.Year).ToListAsync(cancellationToken);
        foreach (var (year, days) in byYear.Where(pair => !set.Contains(pair.Key)).OrderBy(pair => pair.Key))
        {
            var first = new DateOnly(year, 1, 1);
            var last = new DateOnly(year, 12, 31);
            if (await db.Days.AnyAsync(d => d.Date >= first && d.Date <= last, cancellationToken))
            {
                // Rows without a year row cannot come from this module; keep them and only mark the year as set.
                db.Years.Add(new CalendarYear { Year = year, Source = "admin", Version = 1, UpdatedBy = Actor, UpdatedAt = now });
                continue;
            }

            db.Days.AddRange(days.Select(d => new CalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, UpdatedBy = Actor, UpdatedAt = now }));
            db.Years.Add(new CalendarYear { Year = year, Source = "seed", Version = 1, UpdatedBy = Actor, UpdatedAt = now });
            logger.LogInformation("Seeded the working-day calendar of {Year} ({Count} days)", year, days.Count);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every embedded reference table, checked with the same rules as an administrator's edit (a year found in
    /// two files is a duplicate-date error, not a silent merge).</summary>
    public static IReadOnlyList<CalendarEntryInput> ReferenceDays()
    {
        var assembly = typeof(CalendarSeeder).Assembly;
        var rows = new List<(string Resource, TsvRow Row)>();
        var problems = new List<string>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Reference.", StringComparison.Ordinal) && n.EndsWith(".tsv", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var (parsed, lineErrors) = CalendarTsv.Parse(reader.ReadToEnd());
            problems.AddRange(lineErrors.Select(e => $"{resource} line {e.Line}: {e.Message}"));
            rows.AddRange(parsed.Select(r => (resource, r)));
        }

        var result = new List<CalendarEntryInput>();
        foreach (var group in rows.GroupBy(r => CalendarRules.TryParseDate(r.Row.Day.Date, out var d) ? d.Year : 0).OrderBy(g => g.Key))
        {
            var list = group.ToList();
            var (valid, errors) = CalendarRules.Validate(group.Key, list.Select(r => (CalendarDayInput?)r.Row.Day).ToList());
            problems.AddRange(errors.All.Select(e => CalendarRules.RowIndex(e.Key) is { } i && i < list.Count
                ? $"{list[i].Resource} line {list[i].Row.Line}: {e.Value[0]}"
                : $"{group.Key}: {e.Value[0]}"));
            result.AddRange(valid);
        }

        return problems.Count == 0 ? result : throw new InvalidOperationException("The embedded working-day calendar is invalid: " + string.Join("; ", problems));
    }
}
