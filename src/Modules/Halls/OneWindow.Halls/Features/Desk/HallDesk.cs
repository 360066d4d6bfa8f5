using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Security;

namespace OneWindow.Halls.Features.Desk;

/// <summary>The window's side (窗口): a hall's bookings of one day, and marking each attended or no-show. Reached by
/// the staff <see cref="HallAccess.MayServe"/> admits for the hall's division.</summary>
public sealed class HallDesk(HallsDbContext db, AppointmentBook appointments, TimeProvider clock)
{
    public async Task<HallsResult<IReadOnlyList<AppointmentView>>> DayAsync(long hallId, string? date, PlatformPrincipal staff, CancellationToken ct)
    {
        var day = HallClock.Now(clock).Today;
        if (date != null && !HallClock.TryParseDate(date, out day))
        {
            return HallsResult<IReadOnlyList<AppointmentView>>.Invalid("date", "日期格式应为 yyyy-MM-dd");
        }

        var region = await db.Halls.Where(h => h.Id == hallId).Select(h => h.RegionCode).FirstOrDefaultAsync(ct);
        if (region == null)
        {
            return HallsResult<IReadOnlyList<AppointmentView>>.Fail(HallsFailure.NotFound, "没有该服务大厅");
        }

        if (!HallAccess.MayServe(staff, region))
        {
            return HallsResult<IReadOnlyList<AppointmentView>>.Fail(HallsFailure.Forbidden,
                "只有该大厅所在行政区划的窗口受理人员、辖区覆盖该大厅的效能监察人员和平台管理员可以查看预约");
        }

        // One hall's day is a short list (its seats); ordered here, after the projection.
        var list = await appointments.Views(db.Bookings.Where(b => b.HallId == hallId && b.SlotDate == day)).ToListAsync(ct);
        return list.OrderBy(v => v.StartsAt).ThenBy(v => v.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Marks a booking attended (from its day on) or no-show (once its slot has started). A mistaken mark can
    /// be changed between the two; a cancelled booking cannot be marked. Outside the caller's reach: not found.</summary>
    public async Task<HallsResult<AppointmentView>> MarkAsync(string code, string? status, PlatformPrincipal staff, CancellationToken ct)
    {
        var row = !AppointmentBook.IsCode(code)
            ? null
            : await (from b in db.Bookings.AsNoTracking()
                     join h in db.Halls on b.HallId equals h.Id
                     join s in db.Slots on b.SlotId equals s.Id
                     where b.Code == code
                     select new { b, h.RegionCode, s.Date, s.StartsAt }).FirstOrDefaultAsync(ct);
        if (row == null || !HallAccess.MayServe(staff, row.RegionCode))
        {
            return HallsResult<AppointmentView>.Fail(HallsFailure.NotFound, "没有该预约");
        }

        if (status is not (BookingStatus.Attended or BookingStatus.NoShow))
        {
            return HallsResult<AppointmentView>.Invalid("status", "status 应为 attended（已到场）或 no_show（未到场）");
        }

        var booking = row.b;
        if (booking.Status == BookingStatus.Cancelled)
        {
            return HallsResult<AppointmentView>.Fail(HallsFailure.Conflict, "该预约已被申请人取消，不能登记到场情况");
        }

        if (status == BookingStatus.Attended && row.Date > HallClock.Now(clock).Today)
        {
            return HallsResult<AppointmentView>.Fail(HallsFailure.Conflict, "预约日期未到，不能登记为已到场");
        }

        if (status == BookingStatus.NoShow && !HallClock.HasStarted(row.Date, row.StartsAt, clock))
        {
            return HallsResult<AppointmentView>.Fail(HallsFailure.Conflict, "预约时段尚未开始，不能登记为未到场");
        }

        if (booking.Status != status)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var previous = booking.Status;
            var changed = await db.Bookings.Where(b => b.Id == booking.Id && b.Status == previous)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, status), ct);
            if (changed == 0)
            {
                return HallsResult<AppointmentView>.Fail(HallsFailure.Conflict, "该预约刚被他人更改，请刷新后重试");
            }

            await AuditLog.AppendAsync(db, new AuditRecord(staff.Subject, staff.DepartmentId?.ToString(CultureInfo.InvariantCulture), "halls.appointment." + status,
                "appointment", booking.Code, $"Appointment marked {status} (was {previous}) at hall {booking.HallId}"), clock.GetUtcNow(), ct);
            await transaction.CommitAsync(ct);
        }

        return (await appointments.FindAsync(booking.Code, booking.ApplicantSubject, ct))!;
    }
}
