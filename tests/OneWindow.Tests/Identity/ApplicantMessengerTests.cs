using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Identity.Data;
using OneWindow.Shared.Messaging;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>IApplicantMessenger through the test hosts' capturing sender: a citizen is reached on a verified phone only; an
/// enterprise through each member with a live authorization and a verified phone; false when nobody is reachable.</summary>
public abstract class ApplicantMessengerTests(DbKind kind)
{
    [Fact]
    public async Task A_citizen_is_notified_on_a_verified_phone_only()
    {
        var app = await SharedApps.GetAsync(kind);
        var citizen = await RegisterAsync(app);
        var text = "您的办件已受理 " + Guid.NewGuid().ToString("N")[..8];

        Assert.False(await NotifyAsync(app, citizen.Subject, text));
        Assert.Empty(await OutboxAsync(app, text));

        await VerifyPhoneAsync(app, citizen);
        Assert.True(await NotifyAsync(app, citizen.Subject, text));
        var message = Assert.Single(await OutboxAsync(app, text));
        Assert.Equal(citizen.Subject, message.Recipient);
        Assert.Equal("【一网通办】" + text, message.Body);
        Assert.Equal("139****5678", message.DestinationMasked);
    }

    [Fact]
    public async Task An_enterprise_is_notified_through_each_member_with_a_live_authorization_and_a_verified_phone()
    {
        var app = await SharedApps.GetAsync(kind);
        var owner = await RegisterAsync(app);
        var agent = await RegisterAsync(app);
        var revoked = await RegisterAsync(app);
        var unverified = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var enterprise = await EnterpriseAgentTests.RegisterEnterpriseAsync(app, ownerClient, owner.Name, "合肥通知测试有限公司");
        var text = "单位办件需补正材料 " + Guid.NewGuid().ToString("N")[..8];
        Assert.False(await NotifyAsync(app, $"enterprise:{enterprise}", text));

        foreach (var member in new[] { agent, revoked, unverified })
        {
            var grant = await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["IdNumber"] = member.IdNumber, ["CanApply"] = "true" }, "Grant");
            Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        }

        foreach (var member in new[] { owner, agent, revoked })
        {
            await VerifyPhoneAsync(app, member);
        }

        await app.QueryAsync<IdentityDbContext, int>(db => db.EnterpriseMembers.Where(m => m.EnterpriseId == enterprise && m.CitizenId == revoked.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.RevokedAt, DateTimeOffset.UtcNow)));

        Assert.True(await NotifyAsync(app, $"enterprise:{enterprise}", text));
        var recipients = (await OutboxAsync(app, text)).Select(m => m.Recipient).Order().ToList();
        Assert.Equal(new[] { owner.Subject, agent.Subject }.Order().ToList(), recipients);
    }

    [Fact]
    public async Task Unknown_or_malformed_subjects_reach_nobody()
    {
        var app = await SharedApps.GetAsync(kind);
        Assert.False(await NotifyAsync(app, "citizen:999999999", "无人接收"));
        Assert.False(await NotifyAsync(app, "enterprise:999999999", "无人接收"));
        Assert.False(await NotifyAsync(app, "staff:1", "无人接收"));
        Assert.False(await NotifyAsync(app, "citizen:abc", "无人接收"));
    }

    private static async Task<bool> NotifyAsync(OneWindowApp app, string subject, string text)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IApplicantMessenger>().NotifyAsync(subject, text, default);
    }

    private static Task<int> VerifyPhoneAsync(OneWindowApp app, TestCitizen citizen) =>
        app.QueryAsync<IdentityDbContext, int>(db => db.Citizens.Where(c => c.Id == citizen.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.PhoneVerifiedAt, DateTimeOffset.UtcNow)));

    private static Task<List<OneWindow.Identity.Features.Messaging.MessageToSend>> OutboxAsync(OneWindowApp app, string text) =>
        Task.FromResult(app.Messages.Sent.Where(m => m.Body.Contains(text)).ToList());
}

[Trait("Database", "Sqlite")]
public sealed class ApplicantMessengerTestsOnSqlite() : ApplicantMessengerTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class ApplicantMessengerTestsOnPostgres() : ApplicantMessengerTests(DbKind.Postgres);
