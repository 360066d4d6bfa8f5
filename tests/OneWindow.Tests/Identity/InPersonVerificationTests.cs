using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Identity.Features.Account;
using OneWindow.Shared.Security;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>现场核验 at the window: only window officers look citizens up; every lookup and every view of the full
/// number is an audit entry; confirming raises the account to L3.</summary>
public abstract class InPersonVerificationTests(DbKind kind)
{
    private static readonly PlatformPrincipal Officer = new("staff:900001", PlatformClaims.KindStaff, "窗口人员", 7, "340104",
        new HashSet<string> { StaffRoles.WindowOfficer }, null, null);

    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task An_officer_looks_up_reveals_and_confirms_and_each_step_is_audited()
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var verification = scope.ServiceProvider.GetRequiredService<InPersonVerification>();

        var masked = await verification.LookUpAsync(Officer, citizen.IdNumber, revealFullNumber: false, CancellationToken.None);
        Assert.NotNull(masked);
        Assert.Null(masked.IdNumberFull);
        Assert.Equal(citizen.IdNumber[..6] + "********" + citizen.IdNumber[14..], masked.IdNumberMasked);
        Assert.Equal(1, await AuditCountAsync(app, "identity.citizen.viewed", citizen.Id.ToString()));

        var revealed = await verification.LookUpAsync(Officer, citizen.IdNumber, revealFullNumber: true, CancellationToken.None);
        Assert.Equal(citizen.IdNumber, revealed!.IdNumberFull);
        Assert.Equal(1, await AuditCountAsync(app, "identity.citizen.pii_revealed", citizen.Id.ToString()));

        Assert.True(await verification.ConfirmAsync(Officer, citizen.Id, CancellationToken.None));
        Assert.Equal(AssuranceLevel.InPerson, await app.QueryAsync<IdentityDbContext, AssuranceLevel>(db => db.Citizens.Where(c => c.Id == citizen.Id).Select(c => c.AssuranceLevel).SingleAsync()));
        Assert.Equal(1, await AuditCountAsync(app, "identity.citizen.verified_in_person", citizen.Id.ToString()));
    }

    [Theory]
    [InlineData(StaffRoles.Reviewer)]
    [InlineData(StaffRoles.DepartmentAdmin)]
    [InlineData(StaffRoles.Supervisor)]
    [InlineData(StaffRoles.DataAdmin)]
    [InlineData(StaffRoles.CatalogEditor)]
    public async Task Other_staff_roles_and_citizens_cannot_look_anyone_up(string role)
    {
        var app = await AppAsync();
        var citizen = await RegisterAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var verification = scope.ServiceProvider.GetRequiredService<InPersonVerification>();
        var staff = Officer with { Roles = new HashSet<string> { role } };
        var self = new PlatformPrincipal(citizen.Subject, PlatformClaims.KindCitizen, citizen.Name, null, null, new HashSet<string>(), 1, null);
        foreach (var who in new[] { staff, self })
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => verification.LookUpAsync(who, citizen.IdNumber, true, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => verification.ConfirmAsync(who, citizen.Id, CancellationToken.None));
        }

        Assert.Equal(0, await AuditCountAsync(app, "identity.citizen.pii_revealed", citizen.Id.ToString()));
        Assert.Equal(AssuranceLevel.Registered, await app.QueryAsync<IdentityDbContext, AssuranceLevel>(db => db.Citizens.Where(c => c.Id == citizen.Id).Select(c => c.AssuranceLevel).SingleAsync()));
    }
}

[Trait("Database", "Sqlite")]
public sealed class InPersonVerificationTestsOnSqlite() : InPersonVerificationTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class InPersonVerificationTestsOnPostgres() : InPersonVerificationTests(DbKind.Postgres);
