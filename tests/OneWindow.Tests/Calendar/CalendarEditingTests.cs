using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Calendar;

/// <summary>PUT /api/v1/calendar/{year} and /admin/calendar: who may replace a year, validation that changes nothing,
/// the swap, the audit entry, and this node's cache seeing the edit at once. Each test edits a year of its own
/// (2031–2036) on the shared app, so the seeded 2025–2026 tables other classes read stay as they are.</summary>
public abstract class CalendarEditingTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    internal static object Day(string date, string kind, string name) => new { date, kind, name };

    internal static Task<HttpResponseMessage> PutAsync(HttpClient client, int year, params object[] days) =>
        client.PutAsJsonAsync($"/api/v1/calendar/{year}", new { days }, Json.Options);

    internal static async Task<List<string>> RowsAsync(HttpClient client, int year) =>
        (await Json.GetAsync(client, $"/api/v1/calendar/{year}"))["days"]!.AsArray()
        .Select(d => $"{d!["date"]} {d["kind"]} {d["name"]}").ToList();

    [Fact]
    public async Task Only_platform_admins_replace_a_year()
    {
        var app = await AppAsync();
        await Json.ProblemAsync(await PutAsync(app.Anonymous(), 2031, Day("2031-01-01", "holiday", "元旦")), 401);
        await Json.ProblemAsync(await PutAsync(await app.SignedInAsync("editor"), 2031, Day("2031-01-01", "holiday", "元旦")), 403);
        await Json.ProblemAsync(await PutAsync(await app.SignedInAsync("supervisor", "sj"), 2031, Day("2031-01-01", "holiday", "元旦")), 403);
        Assert.Empty(await RowsAsync(app.Anonymous(), 2031));
    }

    [Fact]
    public async Task A_replacement_swaps_the_year_is_audited_and_is_seen_at_once()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var anonymous = app.Anonymous();
        // Wednesday 1 Oct 2036: before the table, 1 working day later is Thursday 2 Oct.
        Assert.Equal("2036-10-02", (await Json.GetAsync(anonymous, "/api/v1/calendar/deadline?from=2036-10-01&days=1"))["deadline"]!.GetValue<string>());

        var first = await PutAsync(admin, 2036, Day("2036-10-01", "holiday", "国庆节"), Day("2036-10-02", "holiday", "国庆节"), Day("2036-10-03", "holiday", "国庆节"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await Json.ReadAsync(first);
        Assert.Equal(3, body["holidays"]!.GetValue<int>());
        Assert.True(body["hasTable"]!.GetValue<bool>());
        // Same node, next request: the deadline already skips the new holidays (2–3 Oct) and the weekend, so Monday 6 Oct.
        Assert.Equal("2036-10-06", (await Json.GetAsync(anonymous, "/api/v1/calendar/deadline?from=2036-10-01&days=1"))["deadline"]!.GetValue<string>());

        // A second replacement removes what is not posted again and adds what is new.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, 2036, Day("2036-10-01", "holiday", "国庆节"), Day("2036-10-11", "workday", "国庆节调休上班"))).StatusCode);
        Assert.Equal(["2036-10-01 holiday 国庆节", "2036-10-11 workday 国庆节调休上班"], await RowsAsync(anonymous, 2036));
        Assert.Equal("2036-10-02", (await Json.GetAsync(anonymous, "/api/v1/calendar/deadline?from=2036-10-01&days=1"))["deadline"]!.GetValue<string>());
        Assert.Equal(8, (await Json.GetAsync(anonymous, "/api/v1/calendar/working-days?from=2036-10-01&to=2036-10-11"))["workingDays"]!.GetValue<int>());

        var entries = await app.QueryAsync<AuditDbContext, List<(string Action, string Actor, string? Data)>>(async db =>
            (await db.Entries.Where(e => e.TargetType == "calendar.year" && e.TargetId == "2036").OrderBy(e => e.Seq)
                .Select(e => new { e.Action, e.Actor, e.DataJson }).ToListAsync()).Select(e => (e.Action, e.Actor, e.DataJson)).ToList());
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("calendar.year_replaced", e.Action));
        Assert.All(entries, e => Assert.StartsWith("staff:", e.Actor, StringComparison.Ordinal));
        var data = JsonNode.Parse(entries[1].Data!)!;
        Assert.Equal(3, data["previousRows"]!.GetValue<int>());
        Assert.Equal(1, data["holidays"]!.GetValue<int>());
        Assert.Equal(1, data["workdays"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invalid_rows_are_reported_per_row_and_leave_the_year_unchanged()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, 2033, Day("2033-01-03", "holiday", "元旦"))).StatusCode);
        var before = await RowsAsync(admin, 2033);
        var audited = await app.QueryAsync<AuditDbContext, int>(db => db.Entries.CountAsync(e => e.TargetType == "calendar.year" && e.TargetId == "2033"));

        var response = await PutAsync(admin, 2033,
            Day("2033-01-31", "holiday", "春节"),
            Day("2034-01-01", "holiday", "元旦"),     // another year
            Day("2033-02-30", "holiday", "春节"),     // no such day
            Day("2033-02-01", "rest", "春节"),        // unknown kind
            Day("2033-02-02", "holiday", " "),        // no name
            Day("2033-01-31", "workday", "春节调休"), // duplicate date
            Day("2033-02-03", "holiday", new string('节', 51)));
        var problem = await Json.ProblemAsync(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal("calendar.table_invalid", problem["code"]!.GetValue<string>());
        Assert.Equal("6 处错误；2033 年的日历保持不变。", problem["detail"]!.GetValue<string>());
        Assert.Equal(["days[1].date", "days[2].date", "days[3].kind", "days[4].name", "days[5].date", "days[6].name"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(before, await RowsAsync(admin, 2033));

        var tooMany = Enumerable.Range(0, 367).Select(i => Day(new DateOnly(2033, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "holiday", "假日")).ToArray();
        Assert.NotNull((await Json.ProblemAsync(await PutAsync(admin, 2033, tooMany), 400))["errors"]!["days"]);
        Assert.NotNull((await Json.ProblemAsync(await admin.PutAsJsonAsync("/api/v1/calendar/2033", new { }, Json.Options), 400))["errors"]!["days"]);
        Assert.NotNull((await Json.ProblemAsync(await PutAsync(admin, 1999), 400))["errors"]!["year"]);
        await Json.ProblemAsync(await admin.PutAsync("/api/v1/calendar/2033", new StringContent("{\"days\":[", System.Text.Encoding.UTF8, "application/json")), 400);

        Assert.Equal(before, await RowsAsync(admin, 2033));
        Assert.Equal(audited, await app.QueryAsync<AuditDbContext, int>(db => db.Entries.CountAsync(e => e.TargetType == "calendar.year" && e.TargetId == "2033")));
    }

    [Fact]
    public async Task An_empty_list_empties_the_year()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, 2034, Day("2034-05-01", "holiday", "劳动节"))).StatusCode);
        var emptied = await Json.ReadAsync(await PutAsync(admin, 2034));
        Assert.Empty(emptied["days"]!.AsArray());
        Assert.True(emptied["hasTable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_admin_page_shows_a_year_and_saves_pasted_lines()
    {
        var app = await AppAsync();
        var admin = await app.SignedInAsync("admin");
        var page = await admin.GetStringAsync("/admin/calendar?year=2025");
        Assert.Contains("国庆节调休上班", page, StringComparison.Ordinal);
        Assert.Contains("248", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/calendar\"", page, StringComparison.Ordinal); // the staff nav link
        Assert.Contains("2025-10-11\tworkday\t国庆节调休上班", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        var token = await OneWindowApp.AntiforgeryTokenAsync(admin, "/admin/calendar?year=2035");
        var bad = await admin.PostAsync("/admin/calendar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["year"] = "2035",
            ["Tsv"] = "date\tkind\tname\n2035-01-01\tholiday\t元旦\n2035-02-30\tholiday\t春节\nnot a row\n",
        }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("第3行：", html, StringComparison.Ordinal);
        Assert.Contains("第4行：", html, StringComparison.Ordinal);
        Assert.Contains("id=\"tsv-error\"", html, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(admin, 2035));

        var good = await admin.PostAsync("/admin/calendar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["year"] = "2035",
            ["Tsv"] = "2035-01-01\tholiday\t元旦\r\n\r\n2035-01-06\tworkday\t调休上班\r\n",
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/admin/calendar?year=2035&saved=1", good.Headers.Location!.OriginalString);
        Assert.Equal(["2035-01-01 holiday 元旦", "2035-01-06 workday 调休上班"], await RowsAsync(admin, 2035));
    }

    [Fact]
    public async Task Other_staff_do_not_reach_the_admin_page()
    {
        var app = await AppAsync();
        var editor = await app.SignedInAsync("editor");
        var response = await editor.GetAsync("/admin/calendar");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.AbsolutePath == "/access-denied", response.StatusCode.ToString());
        Assert.DoesNotContain("href=\"/admin/calendar\"", await editor.GetStringAsync("/admin"), StringComparison.Ordinal);
        var anonymous = await app.Anonymous().GetAsync("/admin/calendar");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CalendarEditingTestsOnSqlite() : CalendarEditingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CalendarEditingTestsOnPostgres() : CalendarEditingTests(DbKind.Postgres);
