using OneWindow.Shared.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Http;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Halls.Features.Appointments;

public sealed record BookRequest(long? SlotId, long? ItemId, string? CaseNumber);

/// <summary>A booking as its applicant and the window see it: the code, the hall, the time and the item.</summary>
public sealed record AppointmentView(
    string Code, string Status, long HallId, string HallName, string HallNameEn, string HallAddress, DateOnly Date, TimeOnly StartsAt, TimeOnly EndsAt,
    string ApplicantSubject, long ItemId, string ItemName, string? CaseNumber, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

public sealed record AppointmentPage(IReadOnlyList<AppointmentView> Items, string? NextCursor);

/// <summary>
/// Booking (预约) and cancelling by the applicant. A seat is taken by a conditional UPDATE (booked = booked + 1 WHERE
/// booked &lt; capacity) in the same transaction as the booking row and its audit entry, so concurrent requests for the
/// last seats never overbook and a refused request leaves nothing behind.
/// </summary>
public sealed partial class AppointmentBook(HallsDbContext db, IPublishedItems items, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    /// <summary>Booking codes: no 0/O, 1/I/L — read aloud at a window and typed without doubt.</summary>
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public async Task<Outcome<AppointmentView>> BookAsync(BookRequest request, PlatformPrincipal principal, CancellationToken ct)
    {
        var applicant = HallAccess.ApplicantOf(principal);
        if (applicant == null)
        {
            return HallsText.Fail(FailureKind.Forbidden, "halls.book_forbidden");
        }

        var errors = new ValidationErrors();
        var caseNumber = string.IsNullOrWhiteSpace(request.CaseNumber) ? null : request.CaseNumber.Trim();
        if (caseNumber != null && !CaseNumberPattern().IsMatch(caseNumber))
        {
            errors.Add("caseNumber", HallsText.T("halls.case_number_format"));
        }

        PublishedItemInfo? item = null;
        if (request.ItemId is not { } itemId)
        {
            errors.Add("itemId", HallsText.T("halls.item_required"));
        }
        else if ((item = await items.PublishedItemAsync(itemId, ct)) == null)
        {
            errors.Add("itemId", HallsText.T("halls.item_not_found"));
        }
        else if (!item.Appointment)
        {
            errors.Add("itemId", HallsText.T("halls.item_no_appointment"));
        }
        else if (item.Suspended)
        {
            errors.Add("itemId", HallsText.T("halls.item_suspended"));
        }

        var slot = request.SlotId is { } slotId
            ? await (from s in db.Slots.AsNoTracking()
                     join h in db.Halls on s.HallId equals h.Id
                     where s.Id == slotId && h.Active
                     select s).FirstOrDefaultAsync(ct)
            : null;
        if (slot == null)
        {
            errors.Add("slotId", request.SlotId == null ? HallsText.T("halls.slot_required") : HallsText.T("halls.slot_not_found"));
        }

        if (!errors.IsValid)
        {
            return HallsText.Invalid(errors);
        }

        if (HallClock.HasStarted(slot!.Date, slot.StartsAt, clock))
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.slot_started");
        }

        if (await db.Bookings.AnyAsync(b => b.ApplicantSubject == applicant && b.ItemId == item!.Id && b.SlotDate == slot.Date && b.Status == BookingStatus.Booked, ct))
        {
            return AlreadyBooked();
        }

        var booking = new Booking
        {
            Code = NewCode(), HallId = slot.HallId, SlotId = slot.Id, SlotDate = slot.Date, ApplicantSubject = applicant, ItemId = item!.Id,
            ItemName = item.Name.Length > 200 ? item.Name[..200] : item.Name, CaseNumber = caseNumber, CreatedAt = clock.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The seat first: this UPDATE is the only place seats are taken, and it cannot pass capacity.
        var taken = await db.Slots.Where(s => s.Id == slot.Id && s.Booked < s.Capacity)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Booked + 1), ct);
        if (taken == 0)
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.slot_full");
        }

        db.Bookings.Add(booking);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e, DatabaseErrors.ActiveBookingIndex, "slot_date"))
        {
            return AlreadyBooked();
        }

        await AuditLog.AppendAsync(db, new AuditRecord(principal.Subject, null, "halls.appointment.booked", "appointment", booking.Code,
            $"Appointment booked for item {booking.ItemId} in hall {booking.HallId} on behalf of {applicant}"), booking.CreatedAt, ct);
        await transaction.CommitAsync(ct);
        return (await FindAsync(booking.Code, applicant, ct))!;
    }

    public async Task<Outcome<AppointmentView>> CancelAsync(string code, PlatformPrincipal principal, CancellationToken ct)
    {
        var applicant = HallAccess.ApplicantOf(principal);
        var booking = applicant == null || !IsCode(code)
            ? null
            : await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Code == code && b.ApplicantSubject == applicant, ct);
        if (booking == null)
        {
            return HallsText.Fail(FailureKind.NotFound, "halls.appointment_not_found");
        }

        if (booking.Status != BookingStatus.Booked)
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.cancel_closed", HallsText.Pick(BookingStatus.Title(booking.Status)).ToLowerInvariant());
        }

        var slot = await db.Slots.AsNoTracking().FirstAsync(s => s.Id == booking.SlotId, ct);
        if (HallClock.HasStarted(slot.Date, slot.StartsAt, clock))
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.cancel_started");
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Bookings.Where(b => b.Id == booking.Id && b.Status == BookingStatus.Booked)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, BookingStatus.Cancelled).SetProperty(b => b.CancelledAt, now), ct);
        if (changed == 0)
        {
            return HallsText.Fail(FailureKind.Conflict, "halls.already_cancelled");
        }

        await db.Slots.Where(s => s.Id == booking.SlotId && s.Booked > 0).ExecuteUpdateAsync(u => u.SetProperty(s => s.Booked, s => s.Booked - 1), ct);
        await AuditLog.AppendAsync(db, new AuditRecord(principal.Subject, null, "halls.appointment.cancelled", "appointment", booking.Code,
            $"Appointment cancelled by the applicant; seat of slot {booking.SlotId} freed"), now, ct);
        await transaction.CommitAsync(ct);
        return (await FindAsync(booking.Code, applicant!, ct))!;
    }

    /// <summary>One of the applicant's bookings, or null (also for someone else's code).</summary>
    public Task<AppointmentView?> FindAsync(string code, string applicant, CancellationToken ct) =>
        Views(db.Bookings.Where(b => b.Code == code && b.ApplicantSubject == applicant)).FirstOrDefaultAsync(ct);

    /// <summary>The applicant's bookings, newest first, keyset-paged on id.</summary>
    public async Task<Outcome<AppointmentPage>> MineAsync(PlatformPrincipal principal, string? after, int? pageSize, CancellationToken ct)
    {
        var applicant = HallAccess.ApplicantOf(principal);
        if (applicant == null)
        {
            return HallsText.Fail(FailureKind.Forbidden, "halls.mine_forbidden");
        }

        var errors = new ValidationErrors();
        var afterId = long.MaxValue;
        if (after != null && !Cursor.TryDecode(after, out afterId))
        {
            errors.Add("after", HallsText.T("halls.cursor_invalid"));
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", HallsText.T("halls.page_size", MaxPageSize));
        }

        if (!errors.IsValid)
        {
            return HallsText.Invalid(errors);
        }

        var size = pageSize ?? 20;
        var rows = await db.Bookings.Where(b => b.ApplicantSubject == applicant && b.Id < afterId).OrderByDescending(b => b.Id).Take(size + 1)
            .Join(db.Slots, b => b.SlotId, s => s.Id, (b, s) => new { b, s })
            .Join(db.Halls, x => x.b.HallId, h => h.Id, (x, h) => new { x.b, x.s, h })
            .OrderByDescending(x => x.b.Id)
            .Select(x => new { x.b.Id, View = new AppointmentView(x.b.Code, x.b.Status, x.h.Id, x.h.Name, x.h.NameEn, x.h.Address, x.s.Date, x.s.StartsAt, x.s.EndsAt,
                x.b.ApplicantSubject, x.b.ItemId, x.b.ItemName, x.b.CaseNumber, x.b.CreatedAt, x.b.CancelledAt) })
            .AsNoTracking().ToListAsync(ct);
        var page = rows.Take(size).ToList();
        return new AppointmentPage(page.Select(r => r.View).ToList(), rows.Count > size ? Cursor.Encode(page[^1].Id) : null);
    }

    /// <summary>Bookings joined with their slot and hall in one query.</summary>
    internal IQueryable<AppointmentView> Views(IQueryable<Booking> bookings) =>
        from b in bookings.AsNoTracking()
        join s in db.Slots.AsNoTracking() on b.SlotId equals s.Id
        join h in db.Halls.AsNoTracking() on b.HallId equals h.Id
        select new AppointmentView(b.Code, b.Status, h.Id, h.Name, h.NameEn, h.Address, s.Date, s.StartsAt, s.EndsAt,
            b.ApplicantSubject, b.ItemId, b.ItemName, b.CaseNumber, b.CreatedAt, b.CancelledAt);

    public static bool IsCode(string? code) => code is { Length: 8 } && code.All(c => CodeAlphabet.Contains(c, StringComparison.Ordinal));

    private static string NewCode() => new(RandomNumberGenerator.GetItems<char>(CodeAlphabet, 8));

    private static Outcome<AppointmentView> AlreadyBooked() =>
        HallsText.Fail(FailureKind.Conflict, "halls.already_booked");

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex CaseNumberPattern();
}
