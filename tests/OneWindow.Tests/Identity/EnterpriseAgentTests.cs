using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Identity.Data;
using OneWindow.Identity.Domain;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Identity.CitizenKit;

namespace OneWindow.Tests.Identity;

/// <summary>Enterprises registered by signed-in citizens, agents (经办人) authorized with limits, and switching the
/// enterprise one acts for — only to enterprises one holds a live authorization for.</summary>
public abstract class EnterpriseAgentTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task An_agent_authorized_by_two_enterprises_switches_between_them_and_back()
    {
        var app = await AppAsync();
        var owner = await RegisterAsync(app);
        var agent = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var first = await RegisterEnterpriseAsync(app, ownerClient, owner.Name, "合肥甲测试有限公司");
        var second = await RegisterEnterpriseAsync(app, ownerClient, "别人", "合肥乙测试有限公司");
        Assert.Equal(MemberRole.LegalRepresentative, await RoleAsync(app, first, owner));
        Assert.Equal(MemberRole.Agent, await RoleAsync(app, second, owner));

        foreach (var enterprise in new[] { first, second })
        {
            var grant = await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents",
                new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true", ["ValidUntil"] = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd") }, "Grant");
            Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        }

        var agentClient = await SignedInAsync(app, agent);
        var page = await agentClient.GetStringAsync("/account");
        Assert.Contains("合肥甲测试有限公司", page);
        Assert.Contains("合肥乙测试有限公司", page);
        Assert.Contains("当前以个人身份办事", page);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(agentClient, "/account", new() { ["enterpriseId"] = first.ToString() }, "Switch")).StatusCode);
        Assert.Contains("当前代表：合肥甲测试有限公司", await agentClient.GetStringAsync("/account"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(agentClient, "/account", new() { ["enterpriseId"] = second.ToString() }, "Switch")).StatusCode);
        Assert.Contains("当前代表：合肥乙测试有限公司", await agentClient.GetStringAsync("/account"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(agentClient, "/account", [], "Switch")).StatusCode);
        Assert.Contains("当前以个人身份办事", await agentClient.GetStringAsync("/account"));
        Assert.Equal(3, await AuditCountAsync(app, "identity.acting_for.switched", first.ToString()) + await AuditCountAsync(app, "identity.acting_for.switched", second.ToString())
            + await AuditCountAsync(app, "identity.acting_for.switched", agent.Id.ToString()));

        // An agent without the right to manage agents cannot see or change the enterprise's agents.
        Assert.Equal(HttpStatusCode.NotFound, (await agentClient.GetAsync($"/account/enterprises/{first}/agents")).StatusCode);
    }

    [Fact]
    public async Task Nobody_switches_to_an_enterprise_without_a_live_authorization()
    {
        var app = await AppAsync();
        var owner = await RegisterAsync(app);
        var agent = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var enterprise = await RegisterEnterpriseAsync(app, ownerClient, owner.Name, "合肥丙测试有限公司");
        var agentClient = await SignedInAsync(app, agent);

        var refused = await PostFormAsync(agentClient, "/account", new() { ["enterpriseId"] = enterprise.ToString() }, "Switch");
        Assert.Equal("/account?Done=not-authorized", refused.Headers.Location!.OriginalString);
        Assert.Contains("当前以个人身份办事", await agentClient.GetStringAsync("/account"));

        await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true" }, "Grant");
        var memberId = await app.QueryAsync<IdentityDbContext, long>(db => db.EnterpriseMembers.Where(m => m.EnterpriseId == enterprise && m.CitizenId == agent.Id).Select(m => m.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(ownerClient, $"/account/enterprises/{enterprise}/agents", new() { ["memberId"] = memberId.ToString() }, "Revoke")).StatusCode);
        Assert.Equal(1, await AuditCountAsync(app, "identity.agent.revoked", enterprise.ToString()));

        var afterRevoke = await PostFormAsync(agentClient, "/account", new() { ["enterpriseId"] = enterprise.ToString() }, "Switch");
        Assert.Equal("/account?Done=not-authorized", afterRevoke.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Grants_with_bad_input_say_what_is_wrong_and_change_nothing()
    {
        var app = await AppAsync();
        var owner = await RegisterAsync(app);
        var ownerClient = await SignedInAsync(app, owner);
        var enterprise = await RegisterEnterpriseAsync(app, ownerClient, owner.Name, "合肥丁测试有限公司");
        var path = $"/account/enterprises/{enterprise}/agents";

        var badNumber = await PostFormAsync(ownerClient, path, new() { ["IdNumber"] = "110105194912310021", ["CanApply"] = "true" }, "Grant");
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Contains("id=\"idNumber-error\"", await badNumber.Content.ReadAsStringAsync());

        var unregistered = await PostFormAsync(ownerClient, path, new() { ["IdNumber"] = IdentityTestData.NewIdNumber(), ["CanApply"] = "true" }, "Grant");
        Assert.Contains("尚未注册个人账号", await unregistered.Content.ReadAsStringAsync());

        var self = await PostFormAsync(ownerClient, path, new() { ["IdNumber"] = owner.IdNumber, ["CanApply"] = "true" }, "Grant");
        Assert.Contains("不能给自己授权", await self.Content.ReadAsStringAsync());

        var agent = await RegisterAsync(app);
        var past = await PostFormAsync(ownerClient, path, new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "true", ["ValidUntil"] = "2020-01-01" }, "Grant");
        Assert.Contains("id=\"validUntil-error\"", await past.Content.ReadAsStringAsync());
        var noRights = await PostFormAsync(ownerClient, path, new() { ["IdNumber"] = agent.IdNumber, ["CanApply"] = "false" }, "Grant");
        Assert.Equal(HttpStatusCode.BadRequest, noRights.StatusCode);

        Assert.Equal(1, await app.QueryAsync<IdentityDbContext, int>(db => db.EnterpriseMembers.CountAsync(m => m.EnterpriseId == enterprise)));
    }

    internal static async Task<long> RegisterEnterpriseAsync(OneWindowApp app, HttpClient client, string legalRepresentative, string name)
    {
        var code = IdentityTestData.NewCreditCode();
        var response = await PostFormAsync(client, "/account/enterprises/register", new() { ["Name"] = name, ["CreditCode"] = code, ["LegalRepresentative"] = legalRepresentative });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.QueryAsync<IdentityDbContext, long>(db => db.Enterprises.Where(e => e.CreditCode == code).Select(e => e.Id).SingleAsync());
    }

    private static Task<MemberRole> RoleAsync(OneWindowApp app, long enterprise, TestCitizen citizen) =>
        app.QueryAsync<IdentityDbContext, MemberRole>(db => db.EnterpriseMembers.Where(m => m.EnterpriseId == enterprise && m.CitizenId == citizen.Id).Select(m => m.Role).SingleAsync());
}

[Trait("Database", "Sqlite")]
public sealed class EnterpriseAgentTestsOnSqlite() : EnterpriseAgentTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class EnterpriseAgentTestsOnPostgres() : EnterpriseAgentTests(DbKind.Postgres);
