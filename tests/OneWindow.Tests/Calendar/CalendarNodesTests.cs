using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Calendar.CalendarEditingTests;

namespace OneWindow.Tests.Calendar;

/// <summary>Two nodes on one database: the seeder never overwrites an administrator's edit (a node started after the
/// edit keeps it, an emptied year stays empty), and a node sees an edit made on the other after its revision check
/// (Calendar:RefreshSeconds 0 here: on every read).</summary>
public abstract class CalendarNodesTests(DbKind kind)
{
    [Fact]
    public async Task Another_node_sees_an_edit_after_its_revision_check_and_seeding_keeps_edits()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var nodeA = new OneWindowApp(database, demoData: false);
        await nodeA.WaitUntilReadyAsync();
        var admin = await nodeA.SignedInAsync("admin");
        Assert.Equal(33, (await RowsAsync(admin, 2025)).Count);

        // Edits before the second node starts: 2026 cut down to one day, 2025 emptied.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, 2026, Day("2026-10-01", "holiday", "国庆节"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, 2025)).StatusCode);

        await using var baseB = new OneWindowApp(database, demoData: false);
        await using var nodeB = baseB.WithWebHostBuilder(builder => builder.UseSetting("Calendar:RefreshSeconds", "0"));
        await nodeB.Services.GetRequiredService<StartupGate>().Ready.WaitAsync(TimeSpan.FromMinutes(3));
        var readerB = nodeB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Node B's start-up ran the seeder again: it left both edited years alone.
        Assert.Equal(["2026-10-01 holiday 国庆节"], await RowsAsync(readerB, 2026));
        Assert.Empty(await RowsAsync(readerB, 2025));
        var calendarB = nodeB.Services.GetRequiredService<IWorkingCalendar>();
        Assert.True((await calendarB.CurrentAsync(default)).IsWorkingDay(new DateOnly(2026, 2, 16)));

        // An edit on node A reaches node B through the revision check, for the API and for IWorkingCalendar alike.
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(admin, 2026, Day("2026-02-16", "holiday", "春节"), Day("2026-02-28", "workday", "春节调休上班"))).StatusCode);
        Assert.Equal(["2026-02-16 holiday 春节", "2026-02-28 workday 春节调休上班"], await RowsAsync(readerB, 2026));
        var current = await calendarB.CurrentAsync(default);
        Assert.False(current.IsWorkingDay(new DateOnly(2026, 2, 16)));
        Assert.True(current.IsWorkingDay(new DateOnly(2026, 2, 28)));
        Assert.True(current.IsWorkingDay(new DateOnly(2026, 10, 1))); // no longer listed: an ordinary Thursday
    }
}

[Trait("Database", "Sqlite")]
public sealed class CalendarNodesTestsOnSqlite() : CalendarNodesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class CalendarNodesTestsOnPostgres() : CalendarNodesTests(DbKind.Postgres);
