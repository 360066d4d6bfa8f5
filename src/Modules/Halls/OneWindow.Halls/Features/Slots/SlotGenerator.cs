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

    public async Task<HallsResult<GeneratedSlots>> GenerateAsync(long hallId, GenerateSlots request, PlatformPrincipal staff, CancellationToken ct)
    {
        var hall = await db.Halls.AsNoTracking().FirstOrDefaultAsync(h => h.Id == hallId, ct);
        if (hall == null)
        {
            return HallsResult<GeneratedSlots>.Fail(HallsFailure.NotFound, "没有该服务大厅");
        }

        if (!HallAccess.MayManage(staff, hall.RegionCode))
        {
            return HallsResult<GeneratedSlots>.Fail(HallsFailure.Forbidden, "只有平台管理员和辖区覆盖该大厅的效能监察人员可以生成预约时段");
        }

        var (plan, errors) = Check(request, HallClock.Now(clock).Today);
        if (plan == null)
        {
            return HallsResult<GeneratedSlots>.Invalid(errors);
        }

        var calendar = services.GetService<IWorkingCalendar>();
        if (calendar == null)
        {
            return HallsResult<GeneratedSlots>.Fail(HallsFailure.Unavailable, "工作日历尚未配置，无法判断工作日；请先配置工作日历（法定节假日与调休）");
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
            return HallsResult<GeneratedSlots>.Fail(HallsFailure.Conflict, "同一大厅的时段正在由另一请求生成，请稍后重试（已有时段会保留）");
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
            errors.Add("from", "请填写开始日期（yyyy-MM-dd）");
        }
        else if (from < today)
        {
            errors.Add("from", "开始日期不能早于今天");
        }

        if (!HallClock.TryParseDate(request.To, out var to))
        {
            errors.Add("to", "请填写结束日期（yyyy-MM-dd）");
        }
        else if (errors.IsValid && (to < from || to.DayNumber - from.DayNumber >= MaxDays))
        {
            errors.Add("to", $"结束日期应不早于开始日期，且一次最多 {MaxDays} 天");
        }

        if (request.SlotMinutes is not (>= 5 and <= 240))
        {
            errors.Add("slotMinutes", "每个时段应为 5 至 240 分钟");
        }

        if (request.Capacity is not (>= 1 and <= 500))
        {
            errors.Add("capacity", "每个时段可预约人数应为 1 至 500");
        }

        var periods = new List<(TimeOnly Start, TimeOnly End)>();
        if (request.Periods is not { Count: > 0 and <= 8 })
        {
            errors.Add("periods", "请填写 1 至 8 个办理时间段");
        }
        else
        {
            for (var i = 0; i < request.Periods.Count; i++)
            {
                var field = $"periods[{i}]";
                var period = request.Periods[i];
                if (!HallClock.TryParseTime(period?.Start, out var start) || !HallClock.TryParseTime(period?.End, out var end))
                {
                    errors.Add(field, "时间格式应为 HH:mm，例如 09:00");
                }
                else if (end <= start)
                {
                    errors.Add(field, "结束时间应晚于开始时间");
                }
                else if (periods.Any(p => start < p.End && p.Start < end))
                {
                    errors.Add(field, "时间段不能重叠");
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
