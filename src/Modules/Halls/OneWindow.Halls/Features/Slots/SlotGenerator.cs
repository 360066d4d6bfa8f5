using OneWindow.Shared.Data;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Halls.Features.Slots;

public sealed record SlotPeriod(string? Start, string? End);

/// <summary>A daily pattern over a date range: periods of the day (09:00–12:00, 13:30–17:00) split into slots of
/// <see cref="SlotMinutes"/> with <see cref="Capacity"/> seats each.</summary>
public sealed record GenerateSlots(string? From, string? To, IReadOnlyList<SlotPeriod>? Periods, int? SlotMinutes, int? Capacity);

public sealed record GeneratedSlots(int Created, int Kept, int WorkingDays);

/// <summary>
/// Makes a hall's slots for the working days of a range (the calendar port <see cref="IWorkingCalendar"/> decides
/// which days; the calendar module implements it). Idempotent: slots that exist (same hall, day, start) are kept as
/// they are, with their bookings; only missing ones are added.
/// </summary>
public sealed class SlotGenerator(HallsDbContext db, IServiceProvider services, TimeProvider clock)
{
    public const int MaxDays = 92;

    public async Task<Outcome<GeneratedSlots>> GenerateAsync(long hallId, GenerateSlots request, PlatformPrincipal staff, CancellationToken ct)
    {
        var hall = await db.Halls.AsNoTracking().FirstOrDefaultAsync(h => h.Id == hallId, ct);
        if (hall == null)
        {
            return HallsText.Fail(FailureKind.NotFound, "halls.hall_not_found");
        }

        if (!HallAccess.MayManage(staff, hall.RegionCode))
        {
            return HallsText.Fail(FailureKind.Forbidden, "halls.generate_forbidden");
        }

        var (plan, errors) = Check(request, HallClock.Now(clock).Today);
        if (plan == null)
        {
            return HallsText.Invalid(errors);
        }

        var calendar = services.GetService<IWorkingCalendar>();
        if (calendar == null)
        {
            return HallsText.Fail(FailureKind.Unavailable, "halls.calendar_missing");
        }

        try
        {
            return await WriteAsync(hall.Id, plan, await calendar.CurrentAsync(ct), ct, async () =>
            await AuditLog.AppendAsync(db, new AuditRecord(staff.Subject, staff.DepartmentId?.ToString(CultureInfo.InvariantCulture), "halls.slots.generated", "hall",
                hall.Id.ToString(CultureInfo.InvariantCulture), $"Slots generated {HallClock.Format(plan.From)}..{HallClock.Format(plan.To)}",
                JsonSerializer.Serialize(new { from = HallClock.Format(plan.From), to = HallClock.Format(plan.To), plan.SlotMinutes, plan.Capacity })), clock.GetUtcNow(), ct));
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.generate_busy");
        }
    }

    /// <summary>Adds the missing slots of the plan in one transaction (with the caller's audit entry, if any).</summary>
    internal async Task<GeneratedSlots> WriteAsync(long hallId, SlotPlan plan, WorkingDays days, CancellationToken ct, Func<Task>? audit = null)
    {
        var wanted = new List<Slot>();
        var workingDays = 0;
        for (var day = plan.From; day <= plan.To; day = day.AddDays(1))
        {
            if (!days.IsWorkingDay(day))
            {
                continue;
            }

            workingDays++;
            foreach (var (start, end) in plan.Periods)
            {
                for (var at = start; at.AddMinutes(plan.SlotMinutes) <= end && at.AddMinutes(plan.SlotMinutes) > at; at = at.AddMinutes(plan.SlotMinutes))
                {
                    wanted.Add(new Slot { HallId = hallId, Date = day, StartsAt = at, EndsAt = at.AddMinutes(plan.SlotMinutes), Capacity = plan.Capacity });
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = (await db.Slots.AsNoTracking().Where(s => s.HallId == hallId && s.Date >= plan.From && s.Date <= plan.To)
            .Select(s => new { s.Date, s.StartsAt }).ToListAsync(ct)).Select(s => (s.Date, s.StartsAt)).ToHashSet();
        var missing = wanted.Where(s => !existing.Contains((s.Date, s.StartsAt))).ToList();
        db.Slots.AddRange(missing);
        await db.SaveChangesAsync(ct);
        if (audit != null)
        {
            await audit();
        }

        await transaction.CommitAsync(ct);
        return new GeneratedSlots(missing.Count, wanted.Count - missing.Count, workingDays);
    }

    internal static (SlotPlan? Plan, ValidationErrors Errors) Check(GenerateSlots request, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (!HallClock.TryParseDate(request.From, out var from))
        {
            errors.Add("from", HallsText.T("halls.from_required"));
        }
        else if (from < today)
        {
            errors.Add("from", HallsText.T("halls.from_past"));
        }

        if (!HallClock.TryParseDate(request.To, out var to))
        {
            errors.Add("to", HallsText.T("halls.to_required"));
        }
        else if (errors.IsValid && (to < from || to.DayNumber - from.DayNumber >= MaxDays))
        {
            errors.Add("to", HallsText.T("halls.generate_range", MaxDays));
        }

        if (request.SlotMinutes is not (>= 5 and <= 240))
        {
            errors.Add("slotMinutes", HallsText.T("halls.slot_minutes"));
        }

        if (request.Capacity is not (>= 1 and <= 500))
        {
            errors.Add("capacity", HallsText.T("halls.capacity"));
        }

        var periods = new List<(TimeOnly Start, TimeOnly End)>();
        if (request.Periods is not { Count: > 0 and <= 8 })
        {
            errors.Add("periods", HallsText.T("halls.periods_count"));
        }
        else
        {
            for (var i = 0; i < request.Periods.Count; i++)
            {
                var field = $"periods[{i}]";
                var period = request.Periods[i];
                if (!HallClock.TryParseTime(period?.Start, out var start) || !HallClock.TryParseTime(period?.End, out var end))
                {
                    errors.Add(field, HallsText.T("halls.time_format"));
                }
                else if (end <= start)
                {
                    errors.Add(field, HallsText.T("halls.period_order"));
                }
                else if (periods.Any(p => start < p.End && p.Start < end))
                {
                    errors.Add(field, HallsText.T("halls.period_overlap"));
                }
                else
                {
                    periods.Add((start, end));
                }
            }
        }

        return errors.IsValid ? (new SlotPlan(from, to, periods, request.SlotMinutes!.Value, request.Capacity!.Value), errors) : (null, errors);
    }
}

internal sealed record SlotPlan(DateOnly From, DateOnly To, IReadOnlyList<(TimeOnly Start, TimeOnly End)> Periods, int SlotMinutes, int Capacity);
