using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Cases.Data;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Security;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;

namespace OneWindow.Tests.Cases;

/// <summary>
/// Time limits through the real platform on a moved clock, with the calendar module's seeded 2025 table: accepted the
/// Friday before 国庆, the deadline skips the 8-day break and counts the 调休 weekend days; a correction during review
/// and a special procedure stop the clock; an extension adds days; on the day itself the inbox shows red.
/// </summary>
public abstract class CaseDeadlineTests(DbKind kind) : IAsyncLifetime
{
    // Independent of the calendar module: the 2025 national-day break as published (国办发明电〔2024〕12号).
    private static readonly WorkingDays Expected2025 = new(
        Enumerable.Range(1, 8).Select(d => new DateOnly(2025, 10, d)).ToHashSet(),
        new HashSet<DateOnly> { new(2025, 9, 28), new(2025, 10, 11) });

    private readonly MovableClock clock = new(China(2025, 9, 26));
    private TestDatabase database = null!;
    private OneWindowApp app = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(kind);
        app = new OneWindowApp(database, demoData: true, testServices: services => services.AddSingleton<TimeProvider>(clock));
        await app.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    private static DateTimeOffset China(int y, int m, int d) => new(y, m, d, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task The_deadline_follows_holidays_pauses_and_extension()
    {
        var item = await CaseKit.ItemAsync(app, "ga", 2);
        var citizen = await CitizenKit.RegisterAsync(app);
        var applicant = await CitizenKit.SignedInAsync(app, citizen);
        var id = (await CaseKit.ApplyAsync(applicant, item))["id"]!.GetValue<long>();
        var window = await CaseKit.StaffAsync(app, StaffRoles.WindowOfficer, "ga");
        Assert.True((await CaseKit.ActAsync(window, $"/api/v1/cases/{id}/accept", new { revision = await CaseKit.RevisionAsync(window, id) })).IsSuccessStatusCode);

        var statutory = await app.QueryAsync<CasesDbContext, int>(db => db.Cases.Where(c => c.Id == id).Select(c => c.StatutoryDays).SingleAsync());
        var due = Expected2025.AddWorkingDays(new DateOnly(2025, 9, 26), statutory);
        Assert.Equal(due, await DueOnAsync(window, id));

        // 9-30: the reviewer asks for a correction; the clock stops.
        clock.Set(China(2025, 9, 30));
        var reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        var correction = await CaseKit.ActAsync(reviewer, $"/api/v1/cases/{id}/request-correction", new
        {
            revision = await CaseKit.RevisionAsync(reviewer, id),
            points = new[] { new { fieldKey = "remarks", problem = "请补充申请说明" } },
        });
        Assert.True(correction.IsSuccessStatusCode, await correction.Content.ReadAsStringAsync());
        Assert.Null(await DueOnAsync(reviewer, id));

        // 10-10: corrected. Working days 10-09 and 10-10 did not count.
        clock.Set(China(2025, 10, 10));
        applicant = await CitizenKit.SignedInAsync(app, citizen);
        var answered = await Json.PostAsync(applicant, $"/api/v1/cases/{id}/correction", new { });
        Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        due = Expected2025.AddWorkingDays(due, 2);
        reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        Assert.Equal(due, await DueOnAsync(reviewer, id));

        // 10-13 to 10-15: an on-site inspection (特别程序) — 10-14 and 10-15 do not count.
        clock.Set(China(2025, 10, 13));
        reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        var task = (await CaseKit.OpenTasksAsync(reviewer, id)).Single()["id"]!.GetValue<long>();
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{task}/pause", new { kind = "inspection", reason = "现场核查经营场所" })).IsSuccessStatusCode);
        Assert.Equal(9, (await CaseKit.CaseAsync(reviewer, id))["statusCode"]!.GetValue<int>());
        clock.Set(China(2025, 10, 15));
        reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        Assert.True((await CaseKit.ActAsync(reviewer, $"/api/v1/cases/tasks/{task}/resume", new { note = "核查完毕" })).IsSuccessStatusCode);
        due = Expected2025.AddWorkingDays(due, 2);
        Assert.Equal(due, await DueOnAsync(reviewer, id));

        // The department admin extends by 5 working days; a second extension and a reviewer's extension are refused.
        var admin = await CaseKit.StaffAsync(app, StaffRoles.DepartmentAdmin, "ga");
        await Json.ProblemAsync(await CaseKit.ActAsync(reviewer, $"/api/v1/cases/{id}/extend", new { revision = await CaseKit.RevisionAsync(reviewer, id), days = 5, reason = "情况复杂" }), 403);
        await Json.ProblemAsync(await CaseKit.ActAsync(admin, $"/api/v1/cases/{id}/extend", new { revision = await CaseKit.RevisionAsync(admin, id), days = 11, reason = "情况复杂" }), 400);
        Assert.True((await CaseKit.ActAsync(admin, $"/api/v1/cases/{id}/extend", new { revision = await CaseKit.RevisionAsync(admin, id), days = 5, reason = "情况复杂" })).IsSuccessStatusCode);
        due = Expected2025.AddWorkingDays(due, 5);
        Assert.Equal(due, await DueOnAsync(admin, id));
        await Json.ProblemAsync(await CaseKit.ActAsync(admin, $"/api/v1/cases/{id}/extend", new { revision = await CaseKit.RevisionAsync(admin, id), days = 1, reason = "再延" }), 409);

        // On the deadline day the task is red in the inbox's warning filter; three working days before it is yellow.
        clock.Set(new DateTimeOffset(Expected2025.AddWorkingDays(due, 0).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));
        reviewer = await CaseKit.StaffAsync(app, StaffRoles.Reviewer, "ga");
        var red = (await Json.GetAsync(reviewer, "/api/v1/cases/inbox?filter=warnings"))["items"]!.AsArray().Single(r => r!["caseId"]!.GetValue<long>() == id)!;
        Assert.Equal("red", red["level"]!.GetValue<string>());
    }

    private static async Task<DateOnly?> DueOnAsync(HttpClient client, long id) =>
        (await CaseKit.CaseAsync(client, id))["dueOn"]?.GetValue<string>() is { } text ? DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
}

[Trait("Database", "Sqlite")]
public sealed class CaseDeadlineTestsOnSqlite() : CaseDeadlineTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CaseDeadlineTestsOnPostgres() : CaseDeadlineTests(DbKind.Postgres);
