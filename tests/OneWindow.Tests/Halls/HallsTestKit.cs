using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Shared;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Security;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Halls;

/// <summary>A working-day calendar fixed for a test (the calendar module's implementation is not needed here).</summary>
public sealed class FixedCalendar(WorkingDays days) : IWorkingCalendar
{
    public ValueTask<WorkingDays> CurrentAsync(CancellationToken ct) => ValueTask.FromResult(days);
}

/// <summary>
/// One demo-seeded app per database for the halls tests, with a test calendar whose only holiday is the Wednesday of
/// <see cref="HallsTestKit.Week"/>; helpers for halls, items and bookings through the real API.
/// </summary>
public static class HallsTestKit
{
    /// <summary>The Monday of the week after next (China dates): always in the future, whatever day the tests run.</summary>
    public static readonly DateOnly Week = MondayAfterNext();

    public static readonly DateOnly Holiday = Week.AddDays(2);

    private static readonly AppPerDatabase Apps = new(services => services.Replace(ServiceDescriptor.Singleton<IWorkingCalendar>(
        new FixedCalendar(new WorkingDays(new HashSet<DateOnly> { Holiday }, new HashSet<DateOnly>())))));

    public static Task<OneWindowApp> AppAsync(DbKind kind) => Apps.GetAsync(kind);

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A new hall (unique name) created through the API by a platform admin.</summary>
    public static async Task<long> HallAsync(OneWindowApp app, string region = "340100")
    {
        var admin = await app.SignedInAsync("admin");
        var response = await Json.PostAsync(admin, "/api/v1/halls",
            new { name = "测试大厅" + Guid.NewGuid().ToString("N")[..8], nameEn = "Test hall", address = "测试路1号", regionCode = region, phone = "0551-1", hours = "9:00-17:00" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response))["id"]!.GetValue<long>();
    }

    /// <summary>Generates the test week's slots (09:00–10:00 in 30-minute slots) with the given seats.</summary>
    public static async Task<JsonNode> GenerateAsync(HttpClient manager, long hallId, int capacity = 5, DateOnly? from = null, DateOnly? to = null)
    {
        var response = await Json.PostAsync(manager, $"/api/v1/halls/{hallId}/slots", new
        {
            from = Day(from ?? Week), to = Day(to ?? Week.AddDays(6)), periods = new[] { new { start = "09:00", end = "10:00" } }, slotMinutes = 30, capacity,
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    public static async Task<JsonArray> FreeSlotsAsync(OneWindowApp app, long hallId) =>
        (JsonArray)await Json.GetAsync(app.Anonymous(), $"/api/v1/halls/{hallId}/slots?from={Day(Week)}&to={Day(Week.AddDays(6))}");

    /// <summary>A hall with the test week's slots, and the id of its first slot.</summary>
    public static async Task<(long HallId, long SlotId)> HallWithSlotAsync(OneWindowApp app, int capacity = 5, string region = "340100")
    {
        var hallId = await HallAsync(app, region);
        await GenerateAsync(await app.SignedInAsync("admin"), hallId, capacity);
        var slots = await FreeSlotsAsync(app, hallId);
        return (hallId, slots[0]!["id"]!.GetValue<long>());
    }

    /// <summary>A published demo item whose guide has (or has not) the appointment flag.</summary>
    public static async Task<long> ItemAsync(OneWindowApp app, bool appointment)
    {
        var ids = await app.QueryAsync<CatalogDbContext, List<long>>(db =>
            db.ServiceItems.Where(i => i.Publication == PublicationState.Published).OrderBy(i => i.Id).Select(i => i.Id).Take(80).ToListAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var items = scope.ServiceProvider.GetRequiredService<IPublishedItems>();
        foreach (var id in ids)
        {
            if (await items.PublishedItemAsync(id, default) is { Suspended: false } item && item.Appointment == appointment)
            {
                return id;
            }
        }

        throw new InvalidOperationException($"No published demo item with appointment = {appointment}");
    }

    public static async Task<HttpClient> CitizenAsync(OneWindowApp app) => await CitizenKit.SignedInAsync(app, await CitizenKit.RegisterAsync(app));

    public static Task<HttpResponseMessage> BookAsync(HttpClient citizen, long slotId, long itemId) =>
        Json.PostAsync(citizen, "/api/v1/appointments", new { slotId, itemId });

    public static async Task<string> BookedCodeAsync(HttpClient citizen, long slotId, long itemId)
    {
        var response = await BookAsync(citizen, slotId, itemId);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Json.ReadAsync(response))["code"]!.GetValue<string>();
    }

    public static Task<Slot> SlotAsync(OneWindowApp app, long slotId) =>
        app.QueryAsync<HallsDbContext, Slot>(db => db.Slots.AsNoTracking().SingleAsync(s => s.Id == slotId));

    /// <summary>Lets time pass for a booking: moves its slot (and the booking's day) to yesterday, China time.</summary>
    public static async Task<DateOnly> MoveToYesterdayAsync(OneWindowApp app, long slotId)
    {
        var yesterday = ChinaTime.Today(TimeProvider.System).AddDays(-1);
        await app.QueryAsync<HallsDbContext, int>(async db =>
            await db.Slots.Where(s => s.Id == slotId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Date, yesterday))
            + await db.Bookings.Where(b => b.SlotId == slotId).ExecuteUpdateAsync(u => u.SetProperty(b => b.SlotDate, yesterday)));
        return yesterday;
    }

    public static Task<int> AuditCountAsync(OneWindowApp app, string action, string targetId) => app.QueryAsync<HallsDbContext, int>(db =>
        db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM audit_entries WHERE action = {action} AND target_id = {targetId}").SingleAsync());

    private static DateOnly MondayAfterNext()
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var monday = today.AddDays(((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7);
        return monday.AddDays(monday <= today ? 14 : 7);
    }

    /// <summary>Roles at a division, for scope tests: region roles reach down from it, window officers sit there.</summary>
    public static Task<StaffSession> StaffAsync(OneWindowApp app, string role, string departmentKey, string? region = null) =>
        app.SignInStaffAsync([role], departmentKey, region);

    public const string Supervisor = StaffRoles.Supervisor;

    public const string WindowOfficer = StaffRoles.WindowOfficer;
}
