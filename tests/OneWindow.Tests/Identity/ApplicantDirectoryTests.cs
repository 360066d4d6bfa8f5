using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Identity.Features.Citizens;
using OneWindow.Shared.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>IApplicantDirectory: the applicant's own code for registries and licences, their real-name level, and
/// nothing for subjects that are not applicants. The demo applicants sign in with the demo password.</summary>
public abstract class ApplicantDirectoryTests(DbKind kind)
{
    [Fact]
    public async Task A_citizen_resolves_to_their_ID_number_and_assurance_level()
    {
        var app = await SharedApps.GetAsync(kind);
        var citizen = await RegisterAsync(app);

        var profile = await ProfileAsync(app, citizen.Subject);

        Assert.NotNull(profile);
        Assert.Equal(citizen.IdNumber, profile.Code);
        Assert.Equal(citizen.Name, profile.Name);
        Assert.Equal(ApplicantProfile.PersonCodeType, profile.CodeType);
        Assert.Equal(1, profile.Assurance);
        Assert.False(profile.IsRealName);
    }

    [Fact]
    public async Task The_demo_applicants_are_real_name_verified_and_represent_their_enterprise()
    {
        var app = await SharedApps.GetAsync(kind);
        var demo = DemoCitizens.People[0];
        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, demo.IdNumber, "Demo@2026pass")).StatusCode);

        var (citizenId, enterpriseId) = await app.QueryAsync<IdentityDbContext, (long, long)>(async db =>
        {
            var enterprise = await db.Enterprises.SingleAsync(e => e.CreditCode == DemoCitizens.EnterpriseCreditCode);
            var member = await db.EnterpriseMembers.SingleAsync(m => m.EnterpriseId == enterprise.Id);
            return (member.CitizenId, enterprise.Id);
        });

        var person = await ProfileAsync(app, "citizen:" + citizenId);
        Assert.Equal(demo.IdNumber, person!.Code);
        Assert.True(person.IsRealName);
        var enterprise = await ProfileAsync(app, "enterprise:" + enterpriseId);
        Assert.Equal(DemoCitizens.EnterpriseCreditCode, enterprise!.Code);
        Assert.Equal(ApplicantProfile.EnterpriseCodeType, enterprise.CodeType);
        Assert.Equal(DemoCitizens.EnterpriseName, enterprise.Name);
    }

    [Theory]
    [InlineData("citizen:999999999")]
    [InlineData("enterprise:999999999")]
    [InlineData("staff:1")]
    [InlineData("client:gaj-business-system")]
    [InlineData("citizen:abc")]
    public async Task Subjects_that_are_not_applicants_resolve_to_nothing(string subject)
    {
        var app = await SharedApps.GetAsync(kind);

        Assert.Null(await ProfileAsync(app, subject));
    }

    private static async Task<ApplicantProfile?> ProfileAsync(OneWindowApp app, string subject)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IApplicantDirectory>().ProfileAsync(subject, default);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ApplicantDirectoryTestsOnSqlite() : ApplicantDirectoryTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ApplicantDirectoryTestsOnPostgres() : ApplicantDirectoryTests(DbKind.Postgres);
