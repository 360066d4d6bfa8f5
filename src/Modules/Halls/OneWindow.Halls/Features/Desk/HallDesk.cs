using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Halls.Features.Desk;

/// <summary>The window's side (窗口): a hall's bookings of one day, and marking each attended or no-show. Reached by
/// the staff <see cref="HallAccess.MayServe"/> admits for the hall's division.</summary>
public sealed class HallDesk(HallsDbContext db, AppointmentBook appointments, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<AppointmentView>>> DayAsync(long hallId, string? date, PlatformPrincipal staff, CancellationToken ct)
    {
        var day = HallClock.Now(clock).Today;
        if (date != null && !HallClock.TryParseDate(date, out day))
        {
            return HallsText.Invalid("date", "halls.date_format");
        }

        var region = await db.Halls.Where(h => h.Id == hallId).Select(h => h.RegionCode).FirstOrDefaultAsync(ct);
        if (region == null)
        {
            return HallsText.Fail(FailureKind.NotFound, "halls.hall_not_found");
        }

        if (!HallAccess.MayServe(staff, region))
        {
            return HallsText.Fail(FailureKind.Forbidden, "halls.day_forbidden");
        }

        // One hall's day is a short list (its seats); ordered here, after the projection.
        var list = await appointments.Views(db.Bookings.Where(b => b.HallId == hallId && b.SlotDate == day)).ToListAsync(ct);
        return list.OrderBy(v => v.StartsAt).ThenBy(v => v.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Marks a booking attended (from its day on) or no-show (once its slot has started). A mistaken mark can
    /// be changed between the two; a cancelled booking cannot be marked. Outside the caller's reach: not found.</summary>
    public async Task<Outcome<AppointmentView>> MarkAsync(string code, string? status, PlatformPrincipal staff, CancellationToken ct)
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
            return HallsText.Fail(FailureKind.NotFound, "halls.appointment_not_found");
        }

        if (status is not (BookingStatus.Attended or BookingStatus.NoShow))
        {
            return HallsText.Invalid("status", "halls.status_invalid");
        }

        var booking = row.b;
        if (booking.Status == BookingStatus.Cancelled)
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.mark_cancelled");
        }

        if (status == BookingStatus.Attended && row.Date > HallClock.Now(clock).Today)
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.mark_too_early");
        }

        if (status == BookingStatus.NoShow && !HallClock.HasStarted(row.Date, row.StartsAt, clock))
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.no_show_too_early");
        }

        if (booking.Status != status)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var previous = booking.Status;
            var changed = await db.Bookings.Where(b => b.Id == booking.Id && b.Status == previous)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, status), ct);
            if (changed == 0)
            {
                return HallsText.Fail(FailureKind.Conflict, "halls.changed_meanwhile");
            }

            await AuditLog.AppendAsync(db, new AuditRecord(staff.Subject, staff.DepartmentId?.ToString(CultureInfo.InvariantCulture), "halls.appointment." + status,
                "appointment", booking.Code, $"Appointment marked {status} (was {previous}) at hall {booking.HallId}"), clock.GetUtcNow(), ct);
            await transaction.CommitAsync(ct);
        }

        return (await appointments.FindAsync(booking.Code, booking.ApplicantSubject, ct))!;
    }
}
