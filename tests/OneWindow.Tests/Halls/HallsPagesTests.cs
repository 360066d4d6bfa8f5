using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Halls.HallsTestKit;

namespace OneWindow.Tests.Halls;

/// <summary>The hall pages as people use them: forms without JavaScript, antiforgery tokens, errors beside fields.</summary>
public abstract class HallsPagesTests(DbKind kind)
{
    [Fact]
    public async Task The_public_hall_list_shows_the_demo_halls_by_region()
    {
        var app = await AppAsync(kind);

        var all = await app.Anonymous().GetStringAsync("/halls");
        var district = await app.Anonymous().GetStringAsync("/halls?region=340104&lang=en");

        Assert.Contains("合肥市政务服务中心", all);
        Assert.Contains("蜀山区政务服务中心", all);
        Assert.Contains("Shushan District Government Service Centre", district);
        Assert.DoesNotContain("Hefei Government Service Centre", district);
    }

    [Fact]
    public async Task A_citizen_books_step_by_step_sees_the_code_and_cancels()
    {
        var app = await AppAsync(kind);
        var (hallId, slotId) = await HallWithSlotAsync(app);
        var itemId = await ItemAsync(app, appointment: true);
        var citizen = await CitizenAsync(app);
        Assert.Contains($"/appointments/new?item={itemId}", await app.Anonymous().GetStringAsync($"/items/{itemId}"));

        Assert.Contains($"value=\"{hallId}\"", await citizen.GetStringAsync($"/appointments/new?item={itemId}"));
        Assert.Contains($"value=\"{Day(Week)}\"", await citizen.GetStringAsync($"/appointments/new?item={itemId}&hall={hallId}"));
        var path = $"/appointments/new?item={itemId}&hall={hallId}&date={Day(Week)}";
        var step3 = await citizen.GetStringAsync(path);
        Assert.Contains($"value=\"{slotId}\"", step3);
        var form = step3[step3.IndexOf("id=\"booking-form\"", StringComparison.Ordinal)..];
        Assert.Contains("__RequestVerificationToken", form[..form.IndexOf("</form>", StringComparison.Ordinal)]); // the form carries its own token

        var missing = await CitizenKit.PostFormAsync(citizen, path, new() { ["item"] = itemId.ToString(), ["hall"] = hallId.ToString(), ["date"] = Day(Week), ["CaseNumber"] = "bad number!" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var html = await missing.Content.ReadAsStringAsync();
        Assert.Contains("id=\"slotId-error\"", html);
        Assert.Contains("id=\"caseNumber-error\"", html);

        var booked = await CitizenKit.PostFormAsync(citizen, path, new() { ["item"] = itemId.ToString(), ["hall"] = hallId.ToString(), ["date"] = Day(Week), ["SlotId"] = slotId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var confirmation = await citizen.GetStringAsync(booked.Headers.Location!.OriginalString);
        var code = await app.QueryAsync<HallsDbContext, string>(db => db.Bookings.Where(b => b.SlotId == slotId).Select(b => b.Code).SingleAsync());
        Assert.Contains($"id=\"booking-code\">{code}<", confirmation);

        var cancelled = await CitizenKit.PostFormAsync(citizen, "/account/appointments", new() { ["code"] = code }, handler: "Cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(BookingStatus.Cancelled, await app.QueryAsync<HallsDbContext, string>(db => db.Bookings.Where(b => b.Code == code).Select(b => b.Status).SingleAsync()));
        Assert.Equal(0, (await SlotAsync(app, slotId)).Booked);
    }

    [Fact]
    public async Task An_item_without_appointment_says_so_and_offers_no_form()
    {
        var app = await AppAsync(kind);
        var citizen = await CitizenAsync(app);

        var html = await citizen.GetStringAsync($"/appointments/new?item={await ItemAsync(app, appointment: false)}");

        Assert.Contains("无需预约", html);
        Assert.DoesNotContain("method=\"post\" action=\"/appointments/new\"", html);
    }

    [Fact]
    public async Task The_window_marks_attendance_and_outsiders_are_turned_away()
    {
        var app = await AppAsync(kind);
        var (hallId, slotId) = await HallWithSlotAsync(app, region: "340100");
        var code = await BookedCodeAsync(await CitizenAsync(app), slotId, await ItemAsync(app, appointment: true));
        var yesterday = await MoveToYesterdayAsync(app, slotId);
        var window = (await StaffAsync(app, WindowOfficer, "ga")).Client;
        var page = $"/admin/halls?hall={hallId}&date={Day(yesterday)}";

        var html = await window.GetStringAsync(page);
        Assert.Contains(code, html);
        Assert.DoesNotContain("name=\"SlotMinutes\"", html); // window officers do not make slots
        var marked = await CitizenKit.PostFormAsync(window, page, new() { ["code"] = code, ["status"] = "attended", ["hall"] = hallId.ToString(), ["date"] = Day(yesterday) }, handler: "Mark");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.Equal(BookingStatus.Attended, await app.QueryAsync<HallsDbContext, string>(db => db.Bookings.Where(b => b.Code == code).Select(b => b.Status).SingleAsync()));

        var editor = (await StaffAsync(app, "catalog_editor", "ga")).Client;
        Assert.Equal(HttpStatusCode.Redirect, (await editor.GetAsync("/admin/halls")).StatusCode); // to the access-denied page
        var districtWindow = (await StaffAsync(app, WindowOfficer, "ssmz")).Client;
        Assert.DoesNotContain(code, await districtWindow.GetStringAsync(page));
    }

    [Fact]
    public async Task The_generation_form_shows_errors_next_to_the_fields()
    {
        var app = await AppAsync(kind);
        var hallId = await HallAsync(app, "340104");
        var supervisor = (await StaffAsync(app, Supervisor, "ssmz")).Client;
        var page = $"/admin/halls?hall={hallId}";

        var bad = await CitizenKit.PostFormAsync(supervisor, page, new()
        {
            ["hall"] = hallId.ToString(), ["From"] = Day(Week), ["To"] = Day(Week.AddDays(4)), ["Periods"] = "9点到12点", ["SlotMinutes"] = "30", ["Capacity"] = "0",
        }, handler: "Generate");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"periods-error\"", html);
        Assert.Contains("id=\"capacity-error\"", html);

        var good = await CitizenKit.PostFormAsync(supervisor, page, new()
        {
            ["hall"] = hallId.ToString(), ["From"] = Day(Week), ["To"] = Day(Week.AddDays(4)), ["Periods"] = "09:00-10:00，13:30-14:00", ["SlotMinutes"] = "30", ["Capacity"] = "2",
        }, handler: "Generate");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        // Mon-Fri with the Wednesday a holiday: 4 days of 3 slots.
        Assert.Equal(12, await app.QueryAsync<HallsDbContext, int>(db => db.Slots.CountAsync(s => s.HallId == hallId)));
    }
}

[Trait("Database", "Sqlite")]
public sealed class HallsPagesTestsOnSqlite() : HallsPagesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class HallsPagesTestsOnPostgres() : HallsPagesTests(DbKind.Postgres);
