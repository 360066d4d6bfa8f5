using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Audit.Data;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.Staff;
using OneWindow.Shared.Startup;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Staff.StaffTestKit;

namespace OneWindow.Tests.Staff;

/// <summary>The demo staff of Hefei: every account signs in with the documented password and carries its role,
/// department and division; seeding again adds nothing; without demo data there is no account at all.</summary>
public abstract class StaffDemoSeedingTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    public static TheoryData<string> DemoUserNames() => new(DemoStaff.Accounts.Select(a => a.UserName));

    [Theory]
    [MemberData(nameof(DemoUserNames))]
    public async Task Each_demo_account_signs_in_with_the_documented_password_and_its_scope(string userName)
    {
        var app = await AppAsync();
        var account = DemoStaff.Accounts.Single(a => a.UserName == userName);
        var me = await MeAsync(await app.SignInFormAsync(userName, DemoStaff.Password));
        Assert.Equal(account.DepartmentKey, me["departmentKey"]!.GetValue<string>());
        Assert.Equal(account.RegionCode, me["regionCode"]!.GetValue<string>());
        Assert.Equal([account.Role], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(account.DisplayName, me["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seeding_again_adds_no_account_and_no_audit_entry()
    {
        var app = await AppAsync();
        var names = DemoStaff.Accounts.Select(a => a.UserName).ToList();
        var ids = await app.QueryAsync<IdentityDbContext, List<long>>(db => db.Staff.Where(s => names.Contains(s.UserName)).Select(s => s.Id).ToListAsync());
        Assert.Equal(names.Count, ids.Count);
        var before = await DemoAuditCountAsync(app, ids);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetServices<IStartupTask>().OfType<StaffDemoSeeder>().Single();
            await seeder.RunAsync(default);
            await seeder.RunAsync(default);
        }

        Assert.Equal(ids.Count, await app.QueryAsync<IdentityDbContext, int>(db => db.Staff.CountAsync(s => names.Contains(s.UserName))));
        Assert.Equal(before, await DemoAuditCountAsync(app, ids));
        // Seeded accounts are audited as created by the platform, with their one role.
        var first = await AuditAboutAsync(app, ids[0]);
        Assert.Equal(["identity.staff.created", "identity.staff.role_granted"], first.Where(e => e.Actor == "system").Select(e => e.Action));
    }

    [Fact]
    public async Task Without_demo_data_no_staff_account_is_seeded()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var app = new OneWindowApp(database, demoData: false);
        await app.WaitUntilReadyAsync();
        Assert.Equal(0, await app.QueryAsync<IdentityDbContext, int>(db => db.Staff.CountAsync()));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await OneWindowApp.PostSignInAsync(app.Anonymous(), "admin", DemoStaff.Password)).StatusCode);
    }

    private static Task<int> DemoAuditCountAsync(OneWindowApp app, List<long> ids)
    {
        var targets = ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        return app.QueryAsync<AuditDbContext, int>(db => db.Entries.CountAsync(e => e.TargetType == "staff" && targets.Contains(e.TargetId) && e.Actor == "system"));
    }
}

[Trait("Database", "Sqlite")]
public sealed class StaffDemoSeedingTestsOnSqlite() : StaffDemoSeedingTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class StaffDemoSeedingTestsOnPostgres() : StaffDemoSeedingTests(DbKind.Postgres);
