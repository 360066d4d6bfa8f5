using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Shared;
using OneWindow.Shared.Demo;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Exchange.ExchangeTestKit;

namespace OneWindow.Tests.Exchange;

/// <summary>The request → approve | refuse → revoke cycle, deadlines and escalation, and who may do what, through the
/// real API on each database.</summary>
public abstract class ExchangeGrantTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_conditional_request_waits_for_the_provider_who_approves_it_within_ten_working_days()
    {
        var app = await AppAsync();
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);

        var pending = await RequestGrantAsync(consumer.Client, Request(BuiltInResources.Persons, ["idNumber", "name"], [system.ClientId]));

        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        var requestedOn = ChinaTime.DateOf(pending["requestedAt"]!.GetValue<DateTimeOffset>());
        var days = await app.Services.GetRequiredService<OneWindow.Shared.Calendar.IWorkingCalendar>().CurrentAsync(default);
        Assert.Equal(days.AddWorkingDays(requestedOn, 10).ToString("yyyy-MM-dd"), pending["dueOn"]!.GetValue<string>());
        var id = pending["id"]!.GetValue<long>();

        // Before the answer the system's call is refused (and logged).
        var early = await QueryAsync(app, system, BuiltInResources.Persons, new { grantId = id, subjects = new[] { DemoApplicants.ZhangXiaomingId } });
        Assert.Equal("exchange.grant_not_in_force", (await Json.ProblemAsync(early, 403))["code"]!.GetValue<string>());

        var provider = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        var approved = await Json.ReadAsync(await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{id}/approve", new { reason = "符合共享条件" }));
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        Assert.Equal("staff:" + provider.StaffId, approved["decidedBy"]!.GetValue<string>());

        // Answered once only.
        var again = await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{id}/refuse", new { reason = "再次审批" });
        Assert.Equal("exchange.already_decided", (await Json.ProblemAsync(again, 409))["code"]!.GetValue<string>());

        // Both sides see it in their lists; the audit has both steps and the provider got a webhook event.
        var mine = await Json.GetAsync(consumer.Client, "/api/v1/data-grants?as=consumer");
        Assert.Contains(mine["items"]!.AsArray(), g => g!["id"]!.GetValue<long>() == id);
        var theirs = await Json.GetAsync(provider.Client, "/api/v1/data-grants?as=provider&status=approved");
        Assert.Contains(theirs["items"]!.AsArray(), g => g!["id"]!.GetValue<long>() == id);
        Assert.Equal(1, await AuditAsync(app, "exchange.grant.requested", id));
        Assert.Equal(1, await AuditAsync(app, "exchange.grant.approved", id));
        Assert.Equal(1, await OutboxAsync(app, "exchange.grant.requested", id));
    }

    [Fact]
    public async Task Nobody_answers_their_own_request_and_a_refusal_needs_a_reason()
    {
        var app = await AppAsync();
        // A platform administrator of the provider department asks on its behalf of another department? No: asks for its own
        // department and may not answer it either.
        var admin = await app.SignInStaffAsync([StaffRoles.PlatformAdmin], "ga");
        var system = await SystemAsync(app, await DepartmentIdAsync(app, "ga"));
        var pending = await RequestGrantAsync(admin.Client, Request(BuiltInResources.Persons, ["name"], [system.ClientId]));
        var id = pending["id"]!.GetValue<long>();

        var own = await Json.PostAsync(admin.Client, $"/api/v1/data-grants/{id}/approve", new { });
        Assert.Equal("exchange.own_request", (await Json.ProblemAsync(own, 403))["code"]!.GetValue<string>());

        var provider = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        var noReason = await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{id}/refuse", new { reason = "  " });
        var problem = await Json.ProblemAsync(noReason, 400);
        Assert.NotNull(problem["errors"]!["reason"]);
        Assert.Equal("pending", await StatusAsync(app, id));

        var refused = await Json.ReadAsync(await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{id}/refuse", new { reason = "用途与申请事项无关" }));
        Assert.Equal("refused", refused["status"]!.GetValue<string>());
        Assert.Equal("用途与申请事项无关", refused["decisionReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_departments_neither_see_nor_answer_a_request()
    {
        var app = await AppAsync();
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);
        var id = (await RequestGrantAsync(consumer.Client, Request(BuiltInResources.Persons, ["name"], [system.ClientId])))["id"]!.GetValue<long>();
        var (stranger, _, _) = await DepartmentAdminAsync(app);
        var window = await app.SignInStaffAsync([StaffRoles.WindowOfficer], "sj");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/v1/data-grants/{id}")).StatusCode);
        Assert.Equal("exchange.grant_not_found", (await Json.ProblemAsync(await Json.PostAsync(stranger.Client, $"/api/v1/data-grants/{id}/approve", new { }), 404))["code"]!.GetValue<string>());
        // The provider's window officer sees it (same department) but may not answer.
        Assert.Equal(HttpStatusCode.OK, (await window.Client.GetAsync($"/api/v1/data-grants/{id}")).StatusCode);
        Assert.Equal("exchange.decide_forbidden", (await Json.ProblemAsync(await Json.PostAsync(window.Client, $"/api/v1/data-grants/{id}/approve", new { }), 403))["code"]!.GetValue<string>());
        // A window officer cannot request either.
        var refused = await Json.PostAsync(window.Client, "/api/v1/data-grants", Request(BuiltInResources.Persons, ["name"], [system.ClientId]));
        Assert.Equal("exchange.request_forbidden", (await Json.ProblemAsync(refused, 403))["code"]!.GetValue<string>());
        Assert.Equal("pending", await StatusAsync(app, id));
    }

    [Fact]
    public async Task An_overdue_request_escalates_to_the_data_administrators_of_the_region_who_may_then_answer_it()
    {
        var app = await AppAsync();
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);
        var id = (await RequestGrantAsync(consumer.Client, Request(BuiltInResources.Persons, ["name"], [system.ClientId])))["id"]!.GetValue<long>();
        var dataAdmin = await app.SignInStaffAsync([StaffRoles.DataAdmin], "sj", "340100");

        var before = await Json.PostAsync(dataAdmin.Client, $"/api/v1/data-grants/{id}/approve", new { });
        Assert.Equal("exchange.decide_forbidden", (await Json.ProblemAsync(before, 403))["code"]!.GetValue<string>());

        var today = ChinaTime.Today(TimeProvider.System);
        await app.QueryAsync<ExchangeDbContext, int>(db => db.Grants.Where(g => g.Id == id).ExecuteUpdateAsync(s => s.SetProperty(g => g.DueOn, today.AddDays(-1))));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<GrantDesk>().EscalateOverdueAsync(default) >= 1);
        }

        var escalated = await Json.GetAsync(dataAdmin.Client, "/api/v1/data-grants?as=escalated");
        Assert.Contains(escalated["items"]!.AsArray(), g => g!["id"]!.GetValue<long>() == id);
        Assert.Equal(1, await AuditAsync(app, "exchange.grant.escalated", id));
        var approved = await Json.PostAsync(dataAdmin.Client, $"/api/v1/data-grants/{id}/approve", new { reason = "逾期由数据管理员审批" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        // A district data administrator does not reach a city department.
        var elsewhere = await app.SignInStaffAsync([StaffRoles.DataAdmin], "sj", "340104");
        Assert.DoesNotContain((await Json.GetAsync(elsewhere.Client, "/api/v1/data-grants?as=escalated"))["items"]!.AsArray(), g => g!["id"]!.GetValue<long>() == id);
    }

    [Fact]
    public async Task Bad_requests_are_refused_field_by_field_and_nothing_is_saved()
    {
        var app = await AppAsync();
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var before = await app.QueryAsync<ExchangeDbContext, int>(db => db.Grants.CountAsync(g => g.ConsumerDepartmentId == consumerId));

        var body = Request(BuiltInResources.Persons, ["name", "shoeSize"], ["BAD CLIENT"], clear: ["gender"], rowScope: "region", rowRegion: "999999",
            validFrom: "2020-01-01", validUntil: "not a date");
        body["purpose"] = "";
        body["legalBasis"] = new string('法', 501);
        var problem = await Json.ProblemAsync(await Json.PostAsync(consumer.Client, "/api/v1/data-grants", body), 400);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "purpose", "legalBasis", "items", "clearItems", "rowRegion", "clientIds", "validFrom" })
        {
            Assert.True(errors.ContainsKey(field), field + " in " + errors.ToJsonString());
        }

        var unknown = await Json.ProblemAsync(await Json.PostAsync(consumer.Client, "/api/v1/data-grants", Request("999999/000001", ["name"], ["abc"])), 400);
        Assert.NotNull(unknown["errors"]!["resourceCode"]);
        var huge = await Json.PostAsync(consumer.Client, "/api/v1/data-grants", new JsonObject { ["items"] = new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode)("i" + i)).ToArray()) });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal(before, await app.QueryAsync<ExchangeDbContext, int>(db => db.Grants.CountAsync(g => g.ConsumerDepartmentId == consumerId)));
    }

    [Fact]
    public async Task Unconditional_resources_are_granted_on_request_and_not_shared_ones_refused_with_their_basis()
    {
        var app = await AppAsync();
        var provider = await DepartmentAdminAsync(app);
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var open = await ResourceCatalogKit.TableAsync(app, provider.Key, SharingClasses.Unconditional);
        var closed = await ResourceCatalogKit.TableAsync(app, provider.Key, SharingClasses.NotShared);

        var granted = await RequestGrantAsync(consumer.Client, Request(open.Code, ["orgName"], ["sys-a"]));
        Assert.Equal("approved", granted["status"]!.GetValue<string>());
        Assert.Equal("system", granted["decidedBy"]!.GetValue<string>());
        Assert.Equal(1, await AuditAsync(app, "exchange.grant.approved", granted["id"]!.GetValue<long>()));

        var refused = await Json.ProblemAsync(await Json.PostAsync(consumer.Client, "/api/v1/data-grants", Request(closed.Code, ["orgName"], ["sys-a"])), 409);
        Assert.Equal("exchange.not_shared", refused["code"]!.GetValue<string>());
        Assert.Contains(closed.NotSharedBasis!, refused["detail"]!.GetValue<string>());
        _ = consumerId;
    }

    private static Task<string> StatusAsync(OneWindowApp app, long id) =>
        app.QueryAsync<ExchangeDbContext, string>(db => db.Grants.Where(g => g.Id == id).Select(g => g.Status).SingleAsync());

    internal static Task<long> DepartmentIdAsync(OneWindowApp app, string key) => OneWindow.Tests.Oidc.OidcTestKit.DepartmentIdAsync(app.Services, key);

    internal static Task<int> AuditAsync(OneWindowApp app, string action, long grantId) =>
        app.QueryAsync<OneWindow.Audit.Data.AuditDbContext, int>(db => db.Entries.CountAsync(e => e.Action == action && e.TargetId == grantId.ToString()));

    internal static async Task<int> OutboxAsync(OneWindowApp app, string type, long grantId) =>
        await app.QueryAsync<OneWindow.Integration.Data.IntegrationDbContext, int>(db => db.Outbox.CountAsync(o => o.Type == type && o.Subject == "data_grant:" + grantId));
}

public sealed class ExchangeGrantTestsOnSqlite() : ExchangeGrantTests(DbKind.Sqlite);

public sealed class ExchangeGrantTestsOnPostgres() : ExchangeGrantTests(DbKind.Postgres);
