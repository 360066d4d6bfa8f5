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

    public int Order => 50;

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

    /// <summary>Every embedded reference table, checked with the same rules as an administrator's edit.</summary>
    public static IReadOnlyList<CalendarEntryInput> ReferenceDays()
    {
        var assembly = typeof(CalendarSeeder).Assembly;
        var result = new List<CalendarEntryInput>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Reference.", StringComparison.Ordinal) && n.EndsWith(".tsv", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var (rows, lineErrors) = CalendarTsv.Parse(reader.ReadToEnd());
            foreach (var group in rows.GroupBy(r => CalendarRules.TryParseDate(r.Day.Date, out var d) ? d.Year : 0))
            {
                var (valid, errors) = CalendarRules.Validate(group.Key, group.Select(r => (CalendarDayInput?)r.Day).ToList());
                if (lineErrors.Count > 0 || !errors.IsValid)
                {
                    throw new InvalidOperationException($"The embedded calendar {resource} is invalid: " +
                        string.Join("; ", lineErrors.Select(e => $"line {e.Line}: {e.Message}").Concat(errors.All.Select(e => e.Key + ": " + e.Value[0]))));
                }

                result.AddRange(valid);
            }
        }

        return result;
    }
}
