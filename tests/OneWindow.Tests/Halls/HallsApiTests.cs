using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Halls.Data;
using OneWindow.Halls.Domain;
using OneWindow.Identity.Data;
using OneWindow.Shared;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Halls.HallsTestKit;

namespace OneWindow.Tests.Halls;

/// <summary>Slot generation, booking, cancelling and attendance through the real API, on each database.</summary>
public abstract class HallsApiTests(DbKind kind)
{
    [Fact]
    public async Task Generation_skips_weekends_and_holidays_of_the_calendar()
    {
        var app = await AppAsync(kind);
        var hallId = await HallAsync(app);

        var result = await GenerateAsync(await app.SignedInAsync("admin"), hallId);

        // Mon-Sun with the Wednesday a holiday: Mon, Tue, Thu, Fri; two 30-minute slots in 09:00-10:00 each.
        Assert.Equal(4, result["workingDays"]!.GetValue<int>());
        Assert.Equal(8, result["created"]!.GetValue<int>());
        var dates = (await FreeSlotsAsync(app, hallId)).Select(s => s!["date"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(new[] { Week, Week.AddDays(1), Week.AddDays(3), Week.AddDays(4) }.Select(Day).ToList(), dates);
        Assert.DoesNotContain(Day(Holiday), dates);
    }

    [Fact]
    public async Task Regenerating_keeps_existing_slots_and_their_bookings()
    {
        var app = await AppAsync(kind);
        var (hallId, slotId) = await HallWithSlotAsync(app, capacity: 2);
        await BookedCodeAsync(await CitizenAsync(app), slotId, await ItemAsync(app, appointment: true));
        var admin = await app.SignedInAsync("admin");

        var again = await GenerateAsync(admin, hallId, capacity: 9);
        var longer = await GenerateAsync(admin, hallId, capacity: 2, to: Week.AddDays(7));

        Assert.Equal(0, again["created"]!.GetValue<int>());
        Assert.Equal(8, again["kept"]!.GetValue<int>());
        Assert.Equal(2, longer["created"]!.GetValue<int>()); // the Monday after: its two slots only
        var slot = await SlotAsync(app, slotId);
        Assert.Equal((2, 1), (slot.Capacity, slot.Booked));
        Assert.Equal(10, await app.QueryAsync<HallsDbContext, int>(db => db.Slots.CountAsync(s => s.HallId == hallId)));
    }

    [Fact]
    public async Task A_citizen_books_sees_and_cancels_and_the_seat_is_freed()
    {
        var app = await AppAsync(kind);
        var (_, slotId) = await HallWithSlotAsync(app, capacity: 3);
        var itemId = await ItemAsync(app, appointment: true);
        var citizen = await CitizenAsync(app);

        var response = await BookAsync(citizen, slotId, itemId);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booked = await Json.ReadAsync(response);
        var code = booked["code"]!.GetValue<string>();
        Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$", code);
        Assert.Equal("booked", booked["status"]!.GetValue<string>());
        Assert.Equal("09:00", booked["startsAt"]!.GetValue<string>());
        Assert.Equal(1, (await SlotAsync(app, slotId)).Booked);
        var mine = await Json.GetAsync(citizen, "/api/v1/appointments");
        Assert.Equal(code, mine["items"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(1, await AuditCountAsync(app, "halls.appointment.booked", code));

        var cancelled = await citizen.PostAsync($"/api/v1/appointments/{code}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await Json.ReadAsync(cancelled))["status"]!.GetValue<string>());
        Assert.Equal(0, (await SlotAsync(app, slotId)).Booked);
        Assert.Equal(1, await AuditCountAsync(app, "halls.appointment.cancelled", code));
        var twice = await Json.ProblemAsync(await citizen.PostAsync($"/api/v1/appointments/{code}/cancel", null), 409);
        Assert.Contains("已取消", twice["detail"]!.GetValue<string>());
        // Cancelled, the same item may be booked again that day.
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(citizen, slotId, itemId)).StatusCode);
    }

    [Fact]
    public async Task Parallel_requests_for_the_last_seats_book_exactly_the_capacity()
    {
        var app = await AppAsync(kind);
        var (_, slotId) = await HallWithSlotAsync(app, capacity: 3);
        var itemId = await ItemAsync(app, appointment: true);
        var citizens = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CitizenAsync(app)));

        var responses = await Task.WhenAll(citizens.Select(c => BookAsync(c, slotId, itemId)));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Contains("约满", (await Json.ProblemAsync(refused, 409))["detail"]!.GetValue<string>());
        }

        Assert.Equal(3, (await SlotAsync(app, slotId)).Booked);
        Assert.Equal(3, await app.QueryAsync<HallsDbContext, int>(db => db.Bookings.CountAsync(b => b.SlotId == slotId)));
    }

    [Fact]
    public async Task One_active_booking_per_applicant_item_and_day()
    {
        var app = await AppAsync(kind);
        var (hallId, slotId) = await HallWithSlotAsync(app);
        var itemId = await ItemAsync(app, appointment: true);
        var citizen = await CitizenAsync(app);
        await BookedCodeAsync(citizen, slotId, itemId);
        var sameDay = (await FreeSlotsAsync(app, hallId)).Select(s => s!["id"]!.GetValue<long>()).First(id => id != slotId);

        var problem = await Json.ProblemAsync(await BookAsync(citizen, sameDay, itemId), 409);

        Assert.Contains("当天已预约", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Slots_that_started_or_passed_are_refused_and_not_listed()
    {
        var app = await AppAsync(kind);
        var hallId = await HallAsync(app);
        var today = ChinaTime.Today(TimeProvider.System);
        var past = await app.QueryAsync<HallsDbContext, long[]>(async db =>
        {
            var slots = new[]
            {
                new Slot { HallId = hallId, Date = today.AddDays(-1), StartsAt = new TimeOnly(9, 0), EndsAt = new TimeOnly(9, 30), Capacity = 5 },
                new Slot { HallId = hallId, Date = today, StartsAt = new TimeOnly(0, 0), EndsAt = new TimeOnly(0, 30), Capacity = 5 },
            };
            db.Slots.AddRange(slots);
            await db.SaveChangesAsync();
            return slots.Select(s => s.Id).ToArray();
        });
        var itemId = await ItemAsync(app, appointment: true);
        var citizen = await CitizenAsync(app);

        foreach (var slotId in past)
        {
            var problem = await Json.ProblemAsync(await BookAsync(citizen, slotId, itemId), 409);
            Assert.Contains("已开始或已过去", problem["detail"]!.GetValue<string>());
            Assert.Equal(0, (await SlotAsync(app, slotId)).Booked);
        }

        var listed = (JsonArray)await Json.GetAsync(app.Anonymous(), $"/api/v1/halls/{hallId}/slots?from={Day(today.AddDays(-1))}&to={Day(today)}");
        Assert.Empty(listed);
    }

    [Fact]
    public async Task An_item_whose_guide_has_no_appointment_is_refused_next_to_the_field()
    {
        var app = await AppAsync(kind);
        var (_, slotId) = await HallWithSlotAsync(app);
        var citizen = await CitizenAsync(app);

        var problem = await Json.ProblemAsync(await BookAsync(citizen, slotId, await ItemAsync(app, appointment: false)), 400);
        var unknown = await Json.ProblemAsync(await Json.PostAsync(citizen, "/api/v1/appointments", new { slotId = long.MaxValue, itemId = 987654321L }), 400);

        Assert.Contains("未开放预约", problem["errors"]!["itemId"]![0]!.GetValue<string>());
        Assert.NotNull(unknown["errors"]!["itemId"]);
        Assert.NotNull(unknown["errors"]!["slotId"]);
        Assert.Equal(0, (await SlotAsync(app, slotId)).Booked);
    }

    [Fact]
    public async Task Another_citizen_cannot_cancel_your_booking_nor_see_it()
    {
        var app = await AppAsync(kind);
        var (_, slotId) = await HallWithSlotAsync(app);
        var code = await BookedCodeAsync(await CitizenAsync(app), slotId, await ItemAsync(app, appointment: true));
        var other = await CitizenAsync(app);

        await Json.ProblemAsync(await other.PostAsync($"/api/v1/appointments/{code}/cancel", null), 404);

        Assert.Empty((await Json.GetAsync(other, "/api/v1/appointments"))["items"]!.AsArray());
        Assert.Equal(BookingStatus.Booked, await app.QueryAsync<HallsDbContext, string>(db => db.Bookings.Where(b => b.Code == code).Select(b => b.Status).SingleAsync()));
        Assert.Equal(1, (await SlotAsync(app, slotId)).Booked);
        // Staff and anonymous callers cannot book at all.
        await Json.ProblemAsync(await BookAsync(await app.SignedInAsync("admin"), slotId, 1), 403);
        await Json.ProblemAsync(await BookAsync(app.Anonymous(), slotId, 1), 401);
    }

    [Fact]
    public async Task My_appointments_page_by_keyset()
    {
        var app = await AppAsync(kind);
        var (hallId, _) = await HallWithSlotAsync(app);
        var itemId = await ItemAsync(app, appointment: true);
        var citizen = await CitizenAsync(app);
        var days = (await FreeSlotsAsync(app, hallId)).GroupBy(s => s!["date"]!.GetValue<string>()).Select(g => g.First()!["id"]!.GetValue<long>()).Take(3).ToList();
        var codes = new List<string>();
        foreach (var slotId in days)
        {
            codes.Add(await BookedCodeAsync(citizen, slotId, itemId));
        }

        var first = await Json.GetAsync(citizen, "/api/v1/appointments?pageSize=2");
        var second = await Json.GetAsync(citizen, "/api/v1/appointments?pageSize=2&after=" + first["nextCursor"]!.GetValue<string>());

        var seen = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(a => a!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Reverse(codes).ToList(), seen);
        Assert.Null(second["nextCursor"]);
        await Json.ProblemAsync(await citizen.GetAsync("/api/v1/appointments?after=nonsense"), 400);
    }

    [Fact]
    public async Task An_agent_acting_for_an_enterprise_books_for_the_enterprise()
    {
        var app = await AppAsync(kind);
        var (_, slotId) = await HallWithSlotAsync(app);
        var owner = await CitizenKit.RegisterAsync(app);
        var client = await CitizenKit.SignedInAsync(app, owner);
        var creditCode = IdentityTestData.NewCreditCode();
        Assert.Equal(HttpStatusCode.Redirect, (await CitizenKit.PostFormAsync(client, "/account/enterprises/register",
            new() { ["Name"] = "合肥预约测试有限公司", ["CreditCode"] = creditCode, ["LegalRepresentative"] = owner.Name })).StatusCode);
        var enterprise = await app.QueryAsync<IdentityDbContext, long>(db => db.Enterprises.Where(e => e.CreditCode == creditCode).Select(e => e.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await CitizenKit.PostFormAsync(client, "/account", new() { ["enterpriseId"] = enterprise.ToString() }, "Switch")).StatusCode);

        var booked = await Json.ReadAsync(await BookAsync(client, slotId, await ItemAsync(app, appointment: true)));

        Assert.Equal($"enterprise:{enterprise}", booked["applicant"]!.GetValue<string>());
        var code = booked["code"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Redirect, (await CitizenKit.PostFormAsync(client, "/account", [], "Switch")).StatusCode);
        Assert.Empty((await Json.GetAsync(client, "/api/v1/appointments"))["items"]!.AsArray()); // as themselves: not theirs
        await Json.ProblemAsync(await client.PostAsync($"/api/v1/appointments/{code}/cancel", null), 404);
    }

    [Fact]
    public async Task Staff_see_and_mark_only_the_halls_their_scope_reaches()
    {
        var app = await AppAsync(kind);
        var (cityHall, slotId) = await HallWithSlotAsync(app, region: "340100");
        var code = await BookedCodeAsync(await CitizenAsync(app), slotId, await ItemAsync(app, appointment: true));
        var url = $"/api/v1/halls/{cityHall}/bookings?date={Day(Week)}";

        var cityWindow = (await StaffAsync(app, WindowOfficer, "ga")).Client;
        var citySupervisor = (await StaffAsync(app, Supervisor, "sf")).Client;
        var districtWindow = (await StaffAsync(app, WindowOfficer, "ssmz")).Client;
        var districtSupervisor = (await StaffAsync(app, Supervisor, "ssmz")).Client;
        var cityEditor = (await StaffAsync(app, "catalog_editor", "ga")).Client;

        Assert.Equal(code, (await Json.GetAsync(cityWindow, url))[0]!["code"]!.GetValue<string>());
        Assert.Single((await Json.GetAsync(citySupervisor, url)).AsArray());
        foreach (var outsider in new[] { districtWindow, districtSupervisor, cityEditor })
        {
            await Json.ProblemAsync(await outsider.GetAsync(url), 403);
            await Json.ProblemAsync(await Json.PostAsync(outsider, $"/api/v1/appointments/{code}/attendance", new { status = "attended" }), 404);
            await Json.ProblemAsync(await Json.PostAsync(outsider, $"/api/v1/halls/{cityHall}/slots",
                new { from = Day(Week), to = Day(Week), periods = new[] { new { start = "09:00", end = "10:00" } }, slotMinutes = 30, capacity = 1 }), 403);
        }

        // Window officers do not manage halls; a district supervisor manages its own district's.
        await Json.ProblemAsync(await Json.PostAsync(cityWindow, $"/api/v1/halls/{cityHall}/slots",
            new { from = Day(Week), to = Day(Week), periods = new[] { new { start = "09:00", end = "10:00" } }, slotMinutes = 30, capacity = 1 }), 403);
        var districtHall = await Json.PostAsync(districtSupervisor, "/api/v1/halls", new { name = "区大厅" + Guid.NewGuid().ToString("N")[..6], address = "路", regionCode = "340104" });
        Assert.Equal(HttpStatusCode.Created, districtHall.StatusCode);
        await Json.ProblemAsync(await Json.PostAsync(districtSupervisor, "/api/v1/halls", new { name = "市大厅" + Guid.NewGuid().ToString("N")[..6], address = "路", regionCode = "340100" }), 403);
    }

    [Fact]
    public async Task The_window_marks_attendance_once_the_slot_has_come()
    {
        var app = await AppAsync(kind);
        var (_, slotId) = await HallWithSlotAsync(app, region: "340100");
        var citizen = await CitizenAsync(app);
        var code = await BookedCodeAsync(citizen, slotId, await ItemAsync(app, appointment: true));
        var window = (await StaffAsync(app, WindowOfficer, "ga")).Client;
        var mark = (string status) => Json.PostAsync(window, $"/api/v1/appointments/{code}/attendance", new { status });

        Assert.Contains("未到", (await Json.ProblemAsync(await mark("attended"), 409))["detail"]!.GetValue<string>());
        Assert.Contains("尚未开始", (await Json.ProblemAsync(await mark("no_show"), 409))["detail"]!.GetValue<string>());
        Assert.NotNull((await Json.ProblemAsync(await mark("gone"), 400))["errors"]!["status"]);

        // The day comes: move the slot (and the booking's day) to yesterday.
        await MoveToYesterdayAsync(app, slotId);

        var noShow = await mark("no_show");
        Assert.Equal("no_show", (await Json.ReadAsync(noShow))["status"]!.GetValue<string>());
        var attended = await mark("attended");
        Assert.Equal("attended", (await Json.ReadAsync(attended))["status"]!.GetValue<string>());
        Assert.Equal(1, await AuditCountAsync(app, "halls.appointment.no_show", code));
        Assert.Equal(1, await AuditCountAsync(app, "halls.appointment.attended", code));
        // Started: the applicant can no longer cancel.
        Assert.Contains("不能再取消", (await Json.ProblemAsync(await citizen.PostAsync($"/api/v1/appointments/{code}/cancel", null), 409))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_and_nothing_is_written()
    {
        var app = await AppAsync(kind);
        var hallId = await HallAsync(app);
        var admin = await app.SignedInAsync("admin");

        var problem = await Json.ProblemAsync(await Json.PostAsync(admin, $"/api/v1/halls/{hallId}/slots", new
        {
            from = "2020-01-01", to = "tomorrow", periods = new[] { new { start = "10:00", end = "09:00" } }, slotMinutes = 1, capacity = 0,
        }), 400);
        var slots = await Json.ProblemAsync(await app.Anonymous().GetAsync($"/api/v1/halls/{hallId}/slots?from=2026-13-01"), 400);
        var region = await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/halls?region=34"), 400);

        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "from", "to", "periods[0]", "slotMinutes", "capacity" }, errors);
        Assert.NotNull(slots["errors"]!["from"]);
        Assert.NotNull(region["errors"]!["region"]);
        Assert.Equal(0, await app.QueryAsync<HallsDbContext, int>(db => db.Slots.CountAsync(s => s.HallId == hallId)));
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/halls/987654321/slots"), 404);
    }

    [Fact]
    public async Task A_refusal_carries_its_code_and_follows_accept_language()
    {
        var app = await AppAsync(kind);
        var anonymous = app.Anonymous();

        var chinese = await Json.ProblemAsync(await anonymous.GetAsync("/api/v1/halls/987654321/slots"), 404);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/halls/987654321/slots");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await Json.ProblemAsync(await anonymous.SendAsync(request), 404);
        using var invalid = new HttpRequestMessage(HttpMethod.Get, "/api/v1/halls?region=34");
        invalid.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var field = await Json.ProblemAsync(await anonymous.SendAsync(invalid), 400);

        Assert.Equal("halls.hall_not_found", chinese["code"]!.GetValue<string>());
        Assert.Equal("没有该服务大厅", chinese["detail"]!.GetValue<string>());
        Assert.Equal("halls.hall_not_found", english["code"]!.GetValue<string>());
        Assert.Equal("There is no such service hall", english["detail"]!.GetValue<string>());
        Assert.Equal("halls.invalid", field["code"]!.GetValue<string>());
        Assert.Equal("The division code must be 6 digits", field["errors"]!["region"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Demo_halls_are_listed_by_region_with_seats_ahead()
    {
        var app = await AppAsync(kind);

        var city = (JsonArray)await Json.GetAsync(app.Anonymous(), "/api/v1/halls?region=340100");
        var shushan = (JsonArray)await Json.GetAsync(app.Anonymous(), "/api/v1/halls?region=340104");

        Assert.Contains(city, h => h!["name"]!.GetValue<string>() == "合肥市政务服务中心");
        Assert.Contains(city, h => h!["name"]!.GetValue<string>() == "蜀山区政务服务中心");
        var district = Assert.Single(shushan, h => h!["regionCode"]!.GetValue<string>() == "340104" && h["name"]!.GetValue<string>() == "蜀山区政务服务中心");
        var free = (JsonArray)await Json.GetAsync(app.Anonymous(), $"/api/v1/halls/{district!["id"]}/slots");
        Assert.NotEmpty(free);
    }
}

[Trait("Database", "Sqlite")]
public sealed class HallsApiTestsOnSqlite() : HallsApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class HallsApiTestsOnPostgres() : HallsApiTests(DbKind.Postgres);
