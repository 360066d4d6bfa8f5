using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Tests.Infrastructure;
using OneWindow.Tests.Oidc;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>
/// Sign-in throttling that cannot be used against people: an attacker who knows someone's ID number used to lock them
/// out for 15 minutes with five wrong passwords; now the account waits a minute, then longer after each further
/// failure (capped), attempts during a wait are refused unchecked and do not extend it, and a success resets. Failures
/// from one address across accounts are limited per window. Each test runs on an app of its own with a clock it moves,
/// so no test waits or depends on how fast the machine is.
/// </summary>
public abstract class SignInThrottlingTests(DbKind kind) : IAsyncLifetime
{
    private readonly MovableClock clock = new(DateTimeOffset.UtcNow);
    private TestDatabase database = null!;
    private OneWindowApp? app;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(kind);

    public async Task DisposeAsync()
    {
        if (app != null)
        {
            await app.DisposeAsync();
        }

        await database.DisposeAsync();
    }

    private async Task<OneWindowApp> StartAsync(int addressMaxFailures = 1000)
    {
        app = new OneWindowApp(database, demoData: false,
            settings: new Dictionary<string, string> { ["Identity:SignIn:AddressMaxFailures"] = addressMaxFailures.ToString() },
            testServices: s => s.AddSingleton<TimeProvider>(clock));
        await app.WaitUntilReadyAsync();
        return app;
    }

    [Fact]
    public async Task An_attacker_failing_by_name_makes_the_owner_wait_a_minute_not_a_quarter_hour()
    {
        var app = await StartAsync();
        var victim = await RegisterAsync(app);
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await SignInAsync(app.Anonymous(), victim.IdNumber, "attacker guess " + i);
        }

        var said = await last.Content.ReadAsStringAsync();
        Assert.Contains("密码错误次数过多，请 1 分钟后再试", said);
        Assert.Contains("id=\"password-error\"", said);

        // The owner, right away: refused, and told how long.
        var owner = await SignInAsync(app.Anonymous(), victim.IdNumber, victim.Password);
        Assert.Equal(HttpStatusCode.BadRequest, owner.StatusCode);
        Assert.Contains("请 1 分钟后再试", await owner.Content.ReadAsStringAsync());
        Assert.Equal("60", owner.Headers.GetValues("Retry-After").Single());

        // Before: a 15-minute lock. Now: a minute later the owner is in.
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), victim.IdNumber, victim.Password)).StatusCode);
        var row = await app.QueryAsync<IdentityDbContext, (int, DateTimeOffset?)>(async db =>
            await db.Citizens.Where(c => c.Id == victim.Id).Select(c => new ValueTuple<int, DateTimeOffset?>(c.FailedSignIns, c.LockedUntil)).SingleAsync());
        Assert.Equal((0, (DateTimeOffset?)null), row);
    }

    [Fact]
    public async Task Waits_double_up_to_the_cap_are_reported_and_attempts_during_a_wait_change_nothing()
    {
        var app = await StartAsync();
        var citizen = await RegisterAsync(app);
        for (var i = 0; i < 4; i++)
        {
            var free = await SignInAsync(app.Anonymous(), citizen.IdNumber, "wrong " + i);
            Assert.Contains("公民身份号码或密码错误", await free.Content.ReadAsStringAsync());
        }

        var expected = new[] { 1, 2, 4, 5, 5 };
        foreach (var minutes in expected)
        {
            var failed = await SignInAsync(app.Anonymous(), citizen.IdNumber, "wrong again");
            Assert.Contains($"密码错误次数过多，请 {minutes} 分钟后再试", await failed.Content.ReadAsStringAsync());
            var until = await LockedUntilAsync(app, citizen);

            // During the wait, even the right password is refused unchecked, and the wait does not grow.
            clock.Advance(TimeSpan.FromSeconds(30));
            var during = await SignInAsync(app.Anonymous(), citizen.IdNumber, citizen.Password);
            Assert.Equal(HttpStatusCode.BadRequest, during.StatusCode);
            Assert.Contains("密码错误次数过多", await during.Content.ReadAsStringAsync());
            Assert.Equal(until, await LockedUntilAsync(app, citizen));

            clock.Set(until!.Value.AddSeconds(1));
        }

        // A success resets: the next wrong password is an ordinary failure again.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), citizen.IdNumber, citizen.Password)).StatusCode);
        var after = await SignInAsync(app.Anonymous(), citizen.IdNumber, "wrong once more");
        Assert.Contains("公民身份号码或密码错误", await after.Content.ReadAsStringAsync());
        Assert.True(await AuditCountAsync(app, "identity.signin.throttled", citizen.Id.ToString()) == expected.Length);
    }

    [Fact]
    public async Task Too_many_failures_from_one_address_across_accounts_make_that_address_wait()
    {
        var app = await StartAsync(addressMaxFailures: 6);
        var victims = new List<TestCitizen>();
        for (var i = 0; i < 6; i++)
        {
            victims.Add(await RegisterAsync(app));
        }

        var honest = await RegisterAsync(app);
        // One guess per account stays under every account's limit; together they reach the address's.
        foreach (var victim in victims)
        {
            Assert.Contains("公民身份号码或密码错误", await (await SignInAsync(app.Anonymous(), victim.IdNumber, "spray 2026 pass")).Content.ReadAsStringAsync());
        }

        var refused = await SignInAsync(app.Anonymous(), honest.IdNumber, honest.Password);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("从您所在网络登录失败的次数过多", await refused.Content.ReadAsStringAsync());
        Assert.Null(await LockedUntilAsync(app, honest));

        // The next window: the address may try again.
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), honest.IdNumber, honest.Password)).StatusCode);
    }

    private static Task<DateTimeOffset?> LockedUntilAsync(OneWindowApp app, TestCitizen citizen) =>
        app.QueryAsync<IdentityDbContext, DateTimeOffset?>(db => db.Citizens.Where(c => c.Id == citizen.Id).Select(c => c.LockedUntil).SingleAsync());
}

[Trait("Database", "Sqlite")]
public sealed class SignInThrottlingTestsOnSqlite() : SignInThrottlingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class SignInThrottlingTestsOnPostgres() : SignInThrottlingTests(DbKind.Postgres);
