using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Calendar.Data;
using OneWindow.Calendar.Domain;
using OneWindow.Calendar.Features.Cache;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Results;

namespace OneWindow.Calendar.Features.Editing;

/// <summary>Who replaces a year: the subject (staff:12, client:x) and department, for the rows and the audit entry.</summary>
public sealed record CalendarActor(string Subject, string? DepartmentId);

public sealed record YearReplaced(int Year, int Holidays, int Workdays, int PreviousRows, long Version);

/// <summary>
/// Replaces one year's table: the old rows are deleted and the new ones inserted in one transaction, together with the
/// year's version bump and the audit entry calendar.year_replaced, so readers see the old table or the new one, never
/// a mix, and a failure leaves the old one. Concurrent replacements are serialised (an advisory lock on PostgreSQL,
/// SQLite's immediate write transaction). This node's cache reloads right after the commit.
/// </summary>
public sealed class CalendarEditor(CalendarDbContext db, CachedWorkingCalendar cache, TimeProvider clock)
{
    /// <summary>Shared with the seeder: one lock for everything that writes the calendar.</summary>
    internal const long WriteLock = 4242101;

    /// <summary>What was stored, or the checked errors (calendar.table_invalid, keyed days[i].date|kind|name; nothing
    /// stored).</summary>
    public async Task<Outcome<YearReplaced>> ReplaceYearAsync(int year, IReadOnlyList<CalendarDayInput?>? days, CalendarActor actor, CancellationToken ct)
    {
        var (rows, errors) = CalendarRules.Validate(year, days);
        if (!errors.IsValid)
        {
            return new Failure(FailureKind.Invalid, "calendar.table_invalid", CalendarText.T("calendar.table_invalid"),
                CalendarText.T("calendar.table_invalid_detail", errors.Count, year), errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        YearReplaced result;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await LockAsync(db, ct);
            var first = new DateOnly(year, 1, 1);
            var last = new DateOnly(year, 12, 31);
            var previous = await db.Days.Where(d => d.Date >= first && d.Date <= last).ExecuteDeleteAsync(ct);
            db.Days.AddRange(rows.Select(r => new CalendarDay { Date = r.Date, Kind = r.Kind, Name = r.Name, UpdatedBy = actor.Subject, UpdatedAt = now }));
            var yearRow = await db.Years.FirstOrDefaultAsync(y => y.Year == year, ct);
            if (yearRow == null)
            {
                yearRow = new CalendarYear { Year = year };
                db.Years.Add(yearRow);
            }

            yearRow.Source = "admin";
            yearRow.Version++;
            yearRow.UpdatedBy = actor.Subject;
            yearRow.UpdatedAt = now;
            await db.SaveChangesAsync(ct);

            var holidays = rows.Count(r => r.Kind == DayKinds.Holiday);
            result = new YearReplaced(year, holidays, rows.Count - holidays, previous, yearRow.Version);
            var y = year.ToString(CultureInfo.InvariantCulture);
            await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId, "calendar.year_replaced", "calendar.year", y,
                $"Working-day calendar {y} replaced: {result.Holidays} holidays, {result.Workdays} adjusted working days (was {previous} rows)",
                JsonSerializer.Serialize(new { year, holidays = result.Holidays, workdays = result.Workdays, previousRows = previous, version = result.Version })), now, ct);
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        await cache.ReloadAsync(ct);
        return result;
    }

    internal static async Task LockAsync(CalendarDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriteLock})", ct);
        }
    }
}
