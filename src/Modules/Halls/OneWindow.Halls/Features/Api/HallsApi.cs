using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Halls.Features.Appointments;
using OneWindow.Halls.Features.Desk;
using OneWindow.Halls.Features.Halls;
using OneWindow.Halls.Features.Slots;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Halls.Features.Api;

/// <summary>/api/v1/halls and /api/v1/appointments (OpenAPI group "halls"): halls and free seats for everyone,
/// booking and cancelling for signed-in citizens (or agents acting for an enterprise), a day's bookings and
/// attendance for window staff, halls and slot generation for their managers. Times are China time.</summary>
public static class HallsApi
{
    private const string StaffRules =
        " Managers: platform_admin anywhere, supervisor whose GB/T 2260 division reaches the hall's. Window: window_officer anchored at exactly the hall's division, and managers. Without a session: 401; outside the caller's reach: 403.";

    public static IEndpointRouteBuilder MapHallsApi(this IEndpointRouteBuilder app)
    {
        var halls = app.MapGroup("/api/v1/halls").WithTags("halls").RequireScopes(HallsScopes.Read, HallsScopes.Write);
        halls.MapGet("", ListHalls).WithName("ListHalls").PublicEndpoint().WithSummary("Active service halls (政务服务大厅), optionally of a division and below")
            .Produces<List<HallResponse>>().ProducesValidationProblem()
            .WithDescription("`region`: a 6-digit GB/T 2260 code; halls of that division and the divisions below it. Public.");
        halls.MapGet("/{id:long}/slots", FreeSlots).WithName("ListFreeSlots").PublicEndpoint().WithSummary("Slots of a hall that still have seats")
            .Produces<List<SlotResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription($"`from`, `to`: yyyy-MM-dd (China dates; default today and 13 days on; at most {HallDirectory.MaxSlotDays} days). Slots that have started are left out. Public.");

        var staff = halls.MapGroup("").RequireAuthorization(HallsModule.StaffPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        staff.MapPost("", CreateHall).WithName("CreateHall").WithSummary("Set up a hall in a division")
            .Produces<HallResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("name, address required; regionCode a current GB/T 2260 division the caller manages. 409 when the division has a hall of that name. Audited as halls.hall.created." + StaffRules);
        staff.MapPost("/{id:long}/slots", GenerateSlots).WithName("GenerateSlots").WithSummary("Generate slots on the working days of a range (idempotent)")
            .Produces<GeneratedSlots>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithDescription("Body: from, to (yyyy-MM-dd, from not before today, at most 92 days), periods [{start, end}] (HH:mm, not overlapping), slotMinutes 5-240, capacity 1-500. Only working days of the working-day calendar; existing slots are kept unchanged. Audited as halls.slots.generated." + StaffRules);
        staff.MapGet("/{id:long}/bookings", DayBookings).WithName("ListHallBookings").WithSummary("A hall's bookings of one day")
            .Produces<List<AppointmentResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("`date`: yyyy-MM-dd, default today (China)." + StaffRules);

        var appointments = app.MapGroup("/api/v1/appointments").WithTags("halls").RequireScopes(HallsScopes.Read, HallsScopes.Write);
        var citizen = appointments.MapGroup("").RequireAuthorization(HallsModule.CitizenPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        citizen.MapPost("", Book).WithName("BookAppointment").WithSummary("Book a seat in a slot for a catalogue item (预约)")
            .Produces<AppointmentResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: slotId, itemId (a published item whose guide has appointment = true), caseNumber (optional). The applicant is the signed-in citizen, or the enterprise they act for. 409 when the slot is full, has started, or the applicant already has an active booking for the item that day. The answer carries the booking code to show at the window. Audited as halls.appointment.booked.");
        citizen.MapGet("", Mine).WithName("ListMyAppointments").WithSummary("My appointments, newest first (keyset paging)")
            .Produces<AppointmentListResponse>().ProducesValidationProblem()
            .WithDescription("`after`: nextCursor of the previous page; `pageSize` 1-100 (default 20).");
        citizen.MapPost("/{code}/cancel", Cancel).WithName("CancelAppointment").WithSummary("Cancel my appointment before its slot starts; the seat is freed")
            .Produces<AppointmentResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("404 for a code that is not the caller's. 409 once cancelled, marked, or started. Audited as halls.appointment.cancelled.");
        appointments.MapPost("/{code}/attendance", Attendance).RequireAuthorization(HallsModule.StaffPolicy)
            .WithName("MarkAttendance").WithSummary("Mark a booking attended or no-show (window staff)")
            .Produces<AppointmentResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: {\"status\": \"attended\" | \"no_show\"}. attended from the booking's day on; no_show once its slot has started; cancelled bookings cannot be marked. A booking outside the caller's reach answers 404. Audited as halls.appointment.attended / halls.appointment.no_show." + StaffRules);
        return app;
    }

    private static PlatformPrincipal Principal(ClaimsPrincipal user) =>
        PlatformPrincipal.From(user) ?? throw new InvalidOperationException("The halls policies admit signed-in principals only.");

    private static async Task<IResult> ListHalls(string? region, HallDirectory directory, CancellationToken ct)
    {
        if (region != null && (region.Length != 6 || !region.All(char.IsAsciiDigit)))
        {
            return Failure.Invalid("halls.invalid", HallsText.T("halls.query_invalid"), "region", HallsText.T("halls.region_format")).ToProblem();
        }

        return TypedResults.Ok((await directory.ActiveAsync(region, ct)).Select(HallResponse.From).ToList());
    }

    private static async Task<IResult> FreeSlots(long id, string? from, string? to, HallDirectory directory, CancellationToken ct) =>
        Respond(await directory.FreeSlotsAsync(id, from, to, ct), slots => TypedResults.Ok(slots.Select(SlotResponse.From).ToList()));

    private static async Task<IResult> CreateHall(NewHall body, ClaimsPrincipal user, HallDirectory directory, CancellationToken ct) =>
        Respond(await directory.CreateAsync(body, Principal(user), ct), hall => TypedResults.Created($"/api/v1/halls/{hall.Id}", HallResponse.From(hall)));

    private static async Task<IResult> GenerateSlots(long id, GenerateSlots body, ClaimsPrincipal user, SlotGenerator generator, CancellationToken ct) =>
        Respond(await generator.GenerateAsync(id, body, Principal(user), ct), TypedResults.Ok);

    private static async Task<IResult> DayBookings(long id, string? date, ClaimsPrincipal user, HallDesk desk, CancellationToken ct) =>
        Respond(await desk.DayAsync(id, date, Principal(user), ct), list => TypedResults.Ok(list.Select(AppointmentResponse.From).ToList()));

    private static async Task<IResult> Book(BookRequest body, ClaimsPrincipal user, AppointmentBook appointments, CancellationToken ct) =>
        Respond(await appointments.BookAsync(body, Principal(user), ct), a => TypedResults.Created($"/api/v1/appointments/{a.Code}", AppointmentResponse.From(a)));

    private static async Task<IResult> Mine(string? after, int? pageSize, ClaimsPrincipal user, AppointmentBook appointments, CancellationToken ct) =>
        Respond(await appointments.MineAsync(Principal(user), after, pageSize, ct),
            page => TypedResults.Ok(new AppointmentListResponse(page.Items.Select(AppointmentResponse.From).ToList(), page.NextCursor)));

    private static async Task<IResult> Cancel(string code, ClaimsPrincipal user, AppointmentBook appointments, CancellationToken ct) =>
        Respond(await appointments.CancelAsync(code, Principal(user), ct), a => TypedResults.Ok(AppointmentResponse.From(a)));

    private static async Task<IResult> Attendance(string code, AttendanceRequest body, ClaimsPrincipal user, HallDesk desk, CancellationToken ct) =>
        Respond(await desk.MarkAsync(code, body.Status, Principal(user), ct), a => TypedResults.Ok(AppointmentResponse.From(a)));

    private static IResult Respond<T>(Outcome<T> result, Func<T, IResult> ok) => result.Failure is { } failure ? failure.ToProblem() : ok(result.Value!);
}

public sealed record AttendanceRequest(string? Status);

public sealed record HallResponse(long Id, string Name, string NameEn, string Address, string RegionCode, string Phone, string Hours)
{
    public static HallResponse From(HallView h) => new(h.Id, h.Name, h.NameEn, h.Address, h.RegionCode, h.Phone, h.Hours);
}

public sealed record SlotResponse(long Id, string Date, string StartsAt, string EndsAt, int Capacity, int Free)
{
    public static SlotResponse From(FreeSlot s) => new(s.Id, HallClock.Format(s.Date), HallClock.Format(s.StartsAt), HallClock.Format(s.EndsAt), s.Capacity, s.Free);
}

public sealed record AppointmentHallRef(long Id, string Name, string NameEn, string Address);

public sealed record AppointmentResponse(
    string Code, string Status, AppointmentHallRef Hall, string Date, string StartsAt, string EndsAt, string Applicant, long ItemId, string ItemName,
    string? CaseNumber, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt)
{
    public static AppointmentResponse From(AppointmentView a) => new(
        a.Code, a.Status, new AppointmentHallRef(a.HallId, a.HallName, a.HallNameEn, a.HallAddress), HallClock.Format(a.Date), HallClock.Format(a.StartsAt),
        HallClock.Format(a.EndsAt), a.ApplicantSubject, a.ItemId, a.ItemName, a.CaseNumber, a.CreatedAt, a.CancelledAt);
}

public sealed record AppointmentListResponse(IReadOnlyList<AppointmentResponse> Items, string? NextCursor);
