using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Security;
using OneWindow.Tests.Catalog;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Exchange.ExchangeLogTestKit;

namespace OneWindow.Tests.Exchange;

/// <summary>The staff API and page of the exchange log on the shared demo app: who reads which department, paging,
/// figures, bad input, verification, and two nodes sealing one database at once.</summary>
public abstract class ExchangeLogApiTests(DbKind kind)
{
    private static string NewResource() => "t/" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_department_reads_its_calls_as_consumer_and_provider_newest_first_without_subjects()
    {
        var app = await SharedApps.GetAsync(kind);
        var (ga, mz) = (await AdminTestKit.DepartmentIdAsync(app, "ga"), await AdminTestKit.DepartmentIdAsync(app, "mz"));
        var resource = NewResource();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await WriteAsync(app, Entry(resource, consumer: ga, provider: mz, subjects: ["secret-subject-index"])));
        var gaAdmin = (await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "ga")).Client;
        var mzAdmin = (await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "mz")).Client;

        var first = await gaAdmin.GetAsync($"/api/v1/exchange/log?as=consumer&resource={resource}&pageSize=3");
        var body = await Json.ReadAsync(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ids.OrderDescending().Take(3), body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.DoesNotContain("secret-subject-index", body.ToJsonString());
        var next = await Json.GetAsync(gaAdmin, $"/api/v1/exchange/log?as=consumer&resource={resource}&pageSize=3&after={body["nextCursor"]!.GetValue<string>()}");
        Assert.Equal(ids.OrderDescending().Skip(3), next["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()));
        Assert.Null(next["nextCursor"]);
        Assert.Empty((await Json.GetAsync(gaAdmin, $"/api/v1/exchange/log?as=provider&resource={resource}"))["items"]!.AsArray());
        Assert.Equal(5, (await Json.GetAsync(mzAdmin, $"/api/v1/exchange/log?as=provider&resource={resource}"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Figures_count_calls_failures_mean_and_p95_per_resource_and_counterpart_on_both_sides()
    {
        var app = await SharedApps.GetAsync(kind);
        var (ga, mz) = (await AdminTestKit.DepartmentIdAsync(app, "ga"), await AdminTestKit.DepartmentIdAsync(app, "mz"));
        var resource = NewResource();
        for (var i = 1; i <= 20; i++) await WriteAsync(app, Entry(resource, consumer: ga, provider: mz, duration: i * 10, outcome: i % 5 == 0 ? "exchange.item_not_granted" : "ok"));
        var admin = await app.SignedInAsync("admin");

        foreach (var (side, department, counterpart) in new[] { ("consumer", ga, mz), ("provider", mz, ga) })
        {
            var figures = await Json.GetAsync(admin, $"/api/v1/exchange/figures?as={side}&department={department}");
            var row = figures["rows"]!.AsArray().Single(r => r!["resource"]!.GetValue<string>() == resource)!;
            Assert.Equal(counterpart, row["counterpartDepartmentId"]!.GetValue<long>());
            Assert.Equal((20L, 4L, 105.0, 190), (row["calls"]!.GetValue<long>(), row["failed"]!.GetValue<long>(), row["meanMs"]!.GetValue<double>(), row["p95Ms"]!.GetValue<int>()));
        }
    }

    [Fact]
    public async Task Readers_are_scoped_to_their_department_or_region_and_bad_input_is_a_400()
    {
        var app = await SharedApps.GetAsync(kind);
        var ga = await AdminTestKit.DepartmentIdAsync(app, "ga");
        var otherCity = await AdminTestKit.NewDepartmentAsync(app, "340200");
        var mzAdmin = (await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "mz")).Client;
        var dataAdmin = (await app.SignInStaffAsync([StaffRoles.DataAdmin], "sj", "340100")).Client;
        var farSupervisor = (await app.SignInStaffAsync([StaffRoles.Supervisor], otherCity.Key, "340200")).Client;
        var window = (await app.SignInStaffAsync([StaffRoles.WindowOfficer], "ga")).Client;

        Assert.Equal(HttpStatusCode.OK, (await dataAdmin.GetAsync($"/api/v1/exchange/log?department={ga}")).StatusCode);
        Assert.Equal("exchange.log.forbidden", (await Json.ProblemAsync(await mzAdmin.GetAsync($"/api/v1/exchange/log?department={ga}"), 403))["code"]!.GetValue<string>());
        await Json.ProblemAsync(await farSupervisor.GetAsync($"/api/v1/exchange/figures?department={ga}"), 403);
        await Json.ProblemAsync(await window.GetAsync($"/api/v1/exchange/log?department={ga}"), 403);
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/exchange/log"), 401);
        await Json.ProblemAsync(await mzAdmin.GetAsync("/api/v1/exchange/log/verify"), 403);
        await Json.ProblemAsync(await mzAdmin.GetAsync("/api/v1/exchange/log?department=987654321"), 404);

        var bad = await Json.ProblemAsync(await dataAdmin.GetAsync($"/api/v1/exchange/log?department={ga}&as=both&pageSize=100000&after=%27%20OR%201%3D1--"), 400);
        Assert.Equal(["after", "as", "pageSize"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
        var badRange = await Json.ProblemAsync(await dataAdmin.GetAsync($"/api/v1/exchange/figures?department={ga}&from=2026-01-01&to=2025-01-01"), 400);
        Assert.NotNull(badRange["errors"]!["to"]);
        await Json.ProblemAsync(await dataAdmin.GetAsync("/api/v1/exchange/log?department=ga"), 400);

        var verified = await Json.GetAsync(dataAdmin, "/api/v1/exchange/log/verify");
        Assert.True(verified["ok"]!.GetValue<bool>(), verified.ToJsonString());
    }

    [Fact]
    public async Task The_staff_page_lists_calls_and_figures_in_chinese_first()
    {
        var app = await SharedApps.GetAsync(kind);
        var (ga, mz) = (await AdminTestKit.DepartmentIdAsync(app, "ga"), await AdminTestKit.DepartmentIdAsync(app, "mz"));
        var resource = NewResource();
        await WriteAsync(app, Entry(resource, consumer: ga, provider: mz));
        var gaAdmin = (await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "ga")).Client;

        var html = await AdminTestKit.HtmlAsync(await gaAdmin.GetAsync($"/admin/exchange/log?resource={resource}"));
        Assert.Contains("共享调用日志", html);
        Assert.Contains(resource, html);
        Assert.Contains("调用次数", html);
        var english = await AdminTestKit.HtmlAsync(await gaAdmin.GetAsync($"/admin/exchange/log?resource={resource}&lang=en"));
        Assert.Contains("Exchange log", english);
        var bad = await gaAdmin.GetAsync("/admin/exchange/log?as=nobody&from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("yyyy-MM-dd", await AdminTestKit.HtmlAsync(bad));
        var refused = await (await app.SignInStaffAsync([StaffRoles.WindowOfficer], "ga")).Client.GetAsync("/admin/exchange/log");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("access-denied", refused.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Two_nodes_sealing_one_database_at_once_cover_every_entry_exactly_once()
    {
        await using var nodes = await TwoNodes.StartAsync(kind, new Dictionary<string, string> { ["Exchange:Log:SealSeconds"] = "0.05", ["Exchange:Log:SealAfter"] = "50" });

        var writes = Enumerable.Range(0, 600).Select(i => Task.Run(() => WriteAsync(i % 2 == 0 ? nodes.A : nodes.B, Entry("res/two-nodes"))));
        var sealers = Enumerable.Range(0, 6).Select(i => Task.Run(() => SealAsync(i % 2 == 0 ? nodes.A : nodes.B)));
        var ids = await Task.WhenAll(writes);
        await Task.WhenAll(sealers);
        while (await LogDbAsync(nodes.A, db => db.Entries.AnyAsync(e => e.RootId == null)))
        {
            await Task.WhenAll(SealAsync(nodes.A), SealAsync(nodes.B));
        }

        Assert.Equal(600, ids.Distinct().Count());
        var roots = await LogDbAsync(nodes.A, db => db.Roots.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(Enumerable.Range(1, roots.Count).Select(i => (long)i), roots.Select(r => r.Id));
        Assert.Equal(600, roots.Sum(r => r.EntryCount));
        var perRoot = await LogDbAsync(nodes.A, db => db.Entries.GroupBy(e => e.RootId).Select(g => new { Root = g.Key, Count = g.Count() }).ToListAsync());
        Assert.All(roots, r => Assert.Equal(r.EntryCount, perRoot.Single(p => p.Root == r.Id).Count));
        var verified = await VerifyAsync(nodes.B);
        Assert.True(verified.Ok, verified.Reason);
        Assert.Equal(600L, verified.Entries);
        Assert.Single(await LogDbAsync(nodes.A, db => db.Keys.ToListAsync()));
    }
}

[Trait("Database", "Sqlite")]
public sealed class ExchangeLogApiTestsOnSqlite() : ExchangeLogApiTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ExchangeLogApiTestsOnPostgres() : ExchangeLogApiTests(DbKind.Postgres);
