using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Calendar.Data;
using OneWindow.Calendar.Domain;
using OneWindow.Shared.Calendar;

namespace OneWindow.Calendar.Features.Cache;

/// <summary>The revision of the stored calendar: how many years are set and the sum of their versions. Every
/// replacement of a year bumps its version, so any change on any node changes the revision (no clocks involved).</summary>
public readonly record struct CalendarRevision(int Years, long Versions);

/// <summary>One listed day as the API and the admin page show it.</summary>
public sealed record CalendarEntry(DateOnly Date, string Kind, string Name);

/// <summary>Everything read from the tables at one moment: the arithmetic, the listed days in date order and the years
/// that have a table.</summary>
public sealed class CalendarSnapshot(WorkingDays days, IReadOnlyList<CalendarEntry> entries, IReadOnlySet<int> years, CalendarRevision revision)
{
    public WorkingDays Days => days;

    public IReadOnlyList<CalendarEntry> Entries => entries;

    public IReadOnlySet<int> Years => years;

    public CalendarRevision Revision => revision;

    public IEnumerable<CalendarEntry> InYear(int year) => entries.Where(e => e.Date.Year == year);

    /// <summary>Working days from 1 January to 31 December of the year.</summary>
    public int WorkingDaysIn(int year) => days.CountWorkingDays(new DateOnly(year, 1, 1).AddDays(-1), new DateOnly(year, 12, 31));

    /// <summary>Years between the two days (inclusive) for which no table was ever set: there only weekends rest.</summary>
    public IReadOnlyList<int> YearsWithoutTable(DateOnly from, DateOnly to) =>
        Enumerable.Range(Math.Min(from.Year, to.Year), Math.Abs(to.Year - from.Year) + 1).Where(y => !years.Contains(y)).ToList();
}

/// <summary>Settings of the calendar module (configuration section Calendar).</summary>
public sealed class CalendarOptions
{
    public const string Section = "Calendar";

    /// <summary>How often, at most, a node asks the database whether another node changed the calendar. 0: on every read.</summary>
    public int RefreshSeconds { get; set; } = 30;
}

/// <summary>
/// The working-day calendar held in memory (singleton, registered as <see cref="IWorkingCalendar"/>): deadline arithmetic
/// never queries the database. The first read loads every row; after that a read at most once per
/// <see cref="CalendarOptions.RefreshSeconds"/> compares the stored <see cref="CalendarRevision"/> (two aggregates over
/// the few rows of calendar_years) and reloads when it changed, which is how an edit made on another node arrives.
/// An edit on this node calls <see cref="ReloadAsync"/> after its commit, so this node sees it at once.
/// </summary>
public sealed class CachedWorkingCalendar(IServiceScopeFactory scopes, CalendarOptions options, TimeProvider clock, ILogger<CachedWorkingCalendar> logger) : IWorkingCalendar
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile CalendarSnapshot? snapshot;
    private long lastCheckTicks;

    public async ValueTask<WorkingDays> CurrentAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Days;

    public async ValueTask<CalendarSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var current = snapshot;
        if (current != null && !CheckDue())
        {
            return current;
        }

        if (current != null)
        {
            // A check is due. If another request is already making it, answer from memory rather than queue behind it.
            if (!await gate.WaitAsync(0, ct))
            {
                return current;
            }
        }
        else
        {
            await gate.WaitAsync(ct);
        }

        try
        {
            current = snapshot;
            if (current != null && !CheckDue())
            {
                return current; // another caller checked while this one waited
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CalendarDbContext>();
                var revision = await ReadRevisionAsync(db, ct);
                if (current == null || current.Revision != revision)
                {
                    current = await LoadAsync(db, revision, ct);
                    snapshot = current;
                }
            }
            catch (Exception exception) when (current != null && exception is not OperationCanceledException)
            {
                // The database is briefly unreachable: keep counting with the calendar in memory and check again later.
                logger.LogWarning(exception, "Could not check the working-day calendar for changes; using the one in memory");
            }

            Interlocked.Exchange(ref lastCheckTicks, clock.GetUtcNow().UtcTicks);
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Reads the tables again now (after a local edit has committed). Should that fail, the next read checks
    /// the revision instead of waiting for the interval, so the edit is never missed.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref lastCheckTicks, long.MinValue / 2);
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CalendarDbContext>();
            snapshot = await LoadAsync(db, await ReadRevisionAsync(db, ct), ct);
            Interlocked.Exchange(ref lastCheckTicks, clock.GetUtcNow().UtcTicks);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not reload the working-day calendar after an edit; the next read will");
        }
        finally
        {
            gate.Release();
        }
    }

    private bool CheckDue() =>
        clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lastCheckTicks) >= TimeSpan.FromSeconds(Math.Max(0, options.RefreshSeconds)).Ticks;

    internal static async Task<CalendarRevision> ReadRevisionAsync(CalendarDbContext db, CancellationToken ct)
    {
        var years = await db.Years.CountAsync(ct);
        var versions = years == 0 ? 0 : await db.Years.SumAsync(y => y.Version, ct);
        return new CalendarRevision(years, versions);
    }

    private static async Task<CalendarSnapshot> LoadAsync(CalendarDbContext db, CalendarRevision revision, CancellationToken ct)
    {
        // The revision is read first: a change committed in between makes the next check reload once more, never less.
        var rows = await db.Days.AsNoTracking().OrderBy(d => d.Date).Select(d => new CalendarEntry(d.Date, d.Kind, d.Name)).ToListAsync(ct);
        var years = await db.Years.AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        var holidays = rows.Where(r => r.Kind == DayKinds.Holiday).Select(r => r.Date).ToHashSet();
        var workdays = rows.Where(r => r.Kind == DayKinds.Workday).Select(r => r.Date).ToHashSet();
        return new CalendarSnapshot(new WorkingDays(holidays, workdays), rows, years.ToHashSet(), revision);
    }
}
