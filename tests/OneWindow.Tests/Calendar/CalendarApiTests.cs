using System.Text.Json.Nodes;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Calendar;

/// <summary>The public reads of /api/v1/calendar over the seeded 2025–2026 tables, and their input errors.</summary>
public abstract class CalendarApiTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    private static string? Deadline(JsonNode body) => body["deadline"]!.GetValue<string>();

    [Fact]
    public async Task A_year_lists_its_holidays_and_adjusted_working_days_with_its_count()
    {
        var client = (await AppAsync()).Anonymous();
        var year = await Json.GetAsync(client, "/api/v1/calendar/2025");
        Assert.Equal(2025, year["year"]!.GetValue<int>());
        Assert.True(year["hasTable"]!.GetValue<bool>());
        Assert.Equal(248, year["workingDays"]!.GetValue<int>());
        Assert.Equal(28, year["holidays"]!.GetValue<int>());
        Assert.Equal(5, year["workdays"]!.GetValue<int>());
        var days = year["days"]!.AsArray();
        Assert.Equal(33, days.Count);
        var dates = days.Select(d => d!["date"]!.GetValue<string>()).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        var september28 = days.Single(d => d!["date"]!.GetValue<string>() == "2025-09-28")!;
        Assert.Equal("workday", september28["kind"]!.GetValue<string>());
        Assert.Equal("国庆节调休上班", september28["name"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(1, 8).Select(d => $"2025-10-{d:00}"),
            days.Where(d => d!["kind"]!.GetValue<string>() == "holiday" && d["date"]!.GetValue<string>().StartsWith("2025-10", StringComparison.Ordinal)).Select(d => d!["date"]!.GetValue<string>()));

        var spring = (await Json.GetAsync(client, "/api/v1/calendar/2026"))["days"]!.AsArray()
            .Where(d => d!["date"]!.GetValue<string>().StartsWith("2026-02", StringComparison.Ordinal)).ToList();
        Assert.Equal(["2026-02-14", "2026-02-28"], spring.Where(d => d!["kind"]!.GetValue<string>() == "workday").Select(d => d!["date"]!.GetValue<string>()));
        Assert.Equal(9, spring.Count(d => d!["kind"]!.GetValue<string>() == "holiday"));

        // A year nobody set: no rows, only weekends rest.
        var empty = await Json.GetAsync(client, "/api/v1/calendar/2040");
        Assert.False(empty["hasTable"]!.GetValue<bool>());
        Assert.Empty(empty["days"]!.AsArray());
        Assert.Equal(261, empty["workingDays"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("2025-09-26", 3, "2025-09-30")]
    [InlineData("2025-09-30", 1, "2025-10-09")]
    [InlineData("2025-09-30", 3, "2025-10-11")]
    [InlineData("2026-02-13", 1, "2026-02-14")]
    [InlineData("2026-02-13", 2, "2026-02-24")]
    [InlineData("2026-02-13", 6, "2026-02-28")]
    [InlineData("2026-02-17", 1, "2026-02-24")]
    [InlineData("2025-10-03", 0, "2025-10-03")]
    public async Task Deadline_counts_working_days_after_the_start(string from, int days, string expected)
    {
        var client = (await AppAsync()).Anonymous();
        var body = await Json.GetAsync(client, $"/api/v1/calendar/deadline?from={from}&days={days}");
        Assert.Equal(expected, Deadline(body));
        Assert.Empty(body["yearsWithoutTable"]!.AsArray());
        var count = await Json.GetAsync(client, $"/api/v1/calendar/working-days?from={from}&to={expected}");
        Assert.Equal(days, count["workingDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task Working_days_and_years_without_a_table()
    {
        var client = (await AppAsync()).Anonymous();
        Assert.Equal(248, (await Json.GetAsync(client, "/api/v1/calendar/working-days?from=2025-12-31&to=2026-12-31"))["workingDays"]!.GetValue<int>());
        Assert.Equal(0, (await Json.GetAsync(client, "/api/v1/calendar/working-days?from=2025-09-30&to=2025-10-08"))["workingDays"]!.GetValue<int>());
        var beyond = await Json.GetAsync(client, "/api/v1/calendar/deadline?from=2040-12-28&days=10");
        Assert.Equal([2040, 2041], beyond["yearsWithoutTable"]!.AsArray().Select(y => y!.GetValue<int>()));
    }

    [Theory]
    [InlineData("/api/v1/calendar/deadline?days=3", "from")]
    [InlineData("/api/v1/calendar/deadline?from=2025-02-30&days=3", "from")]
    [InlineData("/api/v1/calendar/deadline?from=2025/10/01&days=3", "from")]
    [InlineData("/api/v1/calendar/deadline?from=9999-12-31&days=3", "from")]
    [InlineData("/api/v1/calendar/deadline?from=2025-10-01", "days")]
    [InlineData("/api/v1/calendar/deadline?from=2025-10-01&days=-1", "days")]
    [InlineData("/api/v1/calendar/deadline?from=2025-10-01&days=2501", "days")]
    [InlineData("/api/v1/calendar/deadline?from=2025-10-01&days=abc", "days")]
    [InlineData("/api/v1/calendar/working-days?from=2025-10-01", "to")]
    [InlineData("/api/v1/calendar/working-days?from=2000-01-01&to=2100-12-31", "to")]
    [InlineData("/api/v1/calendar/1999", "year")]
    [InlineData("/api/v1/calendar/2101", "year")]
    public async Task Bad_input_is_a_problem_naming_the_field(string url, string field)
    {
        var client = (await AppAsync()).Anonymous();
        var problem = await Json.ProblemAsync(await client.GetAsync(url), 400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_refusal_carries_its_code_and_follows_accept_language()
    {
        var client = (await AppAsync()).Anonymous();

        var chinese = await Json.ProblemAsync(await client.GetAsync("/api/v1/calendar/1999"), 400);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/calendar/1999");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var english = await Json.ProblemAsync(await client.SendAsync(request), 400);

        Assert.Equal("calendar.invalid", chinese["code"]!.GetValue<string>());
        Assert.Equal("查询参数有误", chinese["title"]!.GetValue<string>());
        Assert.Equal("年份应在 2000 至 2100 之间", chinese["errors"]!["year"]![0]!.GetValue<string>());
        Assert.Equal("calendar.invalid", english["code"]!.GetValue<string>());
        Assert.Equal("The query is not valid", english["title"]!.GetValue<string>());
        Assert.Equal("The year must be between 2000 and 2100", english["errors"]!["year"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_is_in_the_openapi_document()
    {
        var client = (await AppAsync()).Anonymous();
        var paths = (await Json.GetAsync(client, "/openapi/v1.json"))["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/calendar/{year}"));
        Assert.True(paths.ContainsKey("/api/v1/calendar/deadline"));
        Assert.True(paths.ContainsKey("/api/v1/calendar/working-days"));
        Assert.NotNull(paths["/api/v1/calendar/{year}"]!["put"]);
    }
}

[Trait("Database", "Sqlite")]
public sealed class CalendarApiTestsOnSqlite() : CalendarApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CalendarApiTestsOnPostgres() : CalendarApiTests(DbKind.Postgres);
