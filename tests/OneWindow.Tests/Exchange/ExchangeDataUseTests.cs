using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Integration.Data;
using OneWindow.Shared.Demo;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Exchange.ExchangeTestKit;

namespace OneWindow.Tests.Exchange;

/// <summary>The citizen's data-use log and objections, and change subscriptions, through the real API and pages on
/// each database.</summary>
public abstract class ExchangeDataUseTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task The_citizen_sees_every_read_of_their_data_objects_and_gets_the_providers_answer()
    {
        var app = await AppAsync();
        var (system, grantId) = await ExchangeCallTests.ApprovedPersonsGrantAsync(app, ["name", "householdRegion"]);
        var answer = await Json.ReadAsync(await QueryAsync(app, system, BuiltInResources.Persons,
            new { grantId, purpose = "核验低保申请人户籍", subjects = new[] { DemoApplicants.LiMeiId } }));
        var logId = answer["logId"]!.GetValue<long>();

        var citizen = app.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await CitizenKit.SignInAsync(citizen, DemoApplicants.LiMeiId, DemoStaffPassword)).StatusCode);
        var page = await citizen.GetStringAsync("/account/data-use");
        Assert.Contains("核验低保申请人户籍", page);
        Assert.Contains("户籍地", page);
        Assert.Contains("read-" + logId, page);

        // Another citizen neither sees it nor can object to it.
        var other = app.Anonymous();
        await CitizenKit.SignInAsync(other, DemoApplicants.ZhangXiaomingId, DemoStaffPassword);
        Assert.DoesNotContain("read-" + logId + "\"", await other.GetStringAsync("/account/data-use"));
        var foreign = await CitizenKit.PostFormAsync(other, "/account/data-use", new() { ["LogId"] = logId.ToString(), ["Reason"] = "不是我的" }, "Object");
        Assert.Contains("没有该条您的数据使用记录", await foreign.Content.ReadAsStringAsync());

        var objected = await CitizenKit.PostFormAsync(citizen, "/account/data-use", new() { ["LogId"] = logId.ToString(), ["Reason"] = "我没有申请低保，为何查询我的户籍？" }, "Object");
        Assert.Equal(HttpStatusCode.Redirect, objected.StatusCode);
        var empty = await CitizenKit.PostFormAsync(citizen, "/account/data-use", new() { ["LogId"] = logId.ToString(), ["Reason"] = "" }, "Object");
        Assert.Contains("必填", await empty.Content.ReadAsStringAsync());

        // The provider's administrator and the region's supervisor see it; the provider answers; the citizen reads the answer.
        var supervisor = await app.SignInStaffAsync([StaffRoles.Supervisor], "sj", "340100");
        var listed = await Json.GetAsync(supervisor.Client, "/api/v1/exchange/objections");
        var objection = listed["items"]!.AsArray().First(o => o!["logId"]!.GetValue<long>() == logId)!;
        Assert.Equal("open", objection["status"]!.GetValue<string>());
        var provider = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        var (stranger, _, _) = await DepartmentAdminAsync(app);
        var id = objection["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.NotFound, (await Json.PostAsync(stranger.Client, $"/api/v1/exchange/objections/{id}/answer", new { answer = "x" })).StatusCode);
        var answered = await Json.PostAsync(provider.Client, $"/api/v1/exchange/objections/{id}/answer", new { answer = "经核实，系民政局误填身份证号，已责令整改。" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("经核实，系民政局误填身份证号", await citizen.GetStringAsync("/account/data-use"));
        Assert.Equal(HttpStatusCode.Conflict, (await Json.PostAsync(provider.Client, $"/api/v1/exchange/objections/{id}/answer", new { answer = "again" })).StatusCode);
    }

    [Fact]
    public async Task A_subscription_gets_every_change_of_its_rows_once_in_order_and_nothing_after_revocation()
    {
        var app = await AppAsync();
        var provider = await DepartmentAdminAsync(app);
        var resource = await ResourceCatalogKit.TableAsync(app, provider.Key, SharingClasses.Unconditional);
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);
        var grant = await RequestGrantAsync(consumer.Client, Request(resource.Code, ["orgName", "phone"], [system.ClientId], rowScope: "region", rowRegion: "340104"));
        var grantId = grant["id"]!.GetValue<long>();
        await using var receiver = await OneWindow.Tests.Integration.WebhookReceiver.StartAsync();
        var hook = "/hook-" + grantId;
        await OneWindow.Tests.Integration.WebhookTestKit.SubscribeAsync(app.Services, receiver.BaseUrl + hook, consumerId, "exchange.row.changed");
        var subscribed = await system.Http(app).PutAsync($"/api/v1/data-grants/{grantId}/subscription", null);
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        var subscriptionId = (await Json.ReadAsync(subscribed))["id"]!.GetValue<long>();

        var path = $"/api/v1/exchange/{DataResourceCodes.ToUrl(resource.Code)}/rows";
        async Task PutAsync(object body) => Assert.Equal(HttpStatusCode.OK, (await provider.Staff.Client.PutAsJsonAsync(path, body, Json.Options)).StatusCode);
        await PutAsync(new { rows = new[] { Row("a", "340104", "甲公司"), Row("b", "340102", "乙公司"), Row("c", "340104", "丙公司") } });
        await PutAsync(new { rows = new[] { Row("a", "340104", "甲公司（更名）"), Row("a2", "340104", "丁公司") }, deletes = new[] { "c" } });
        await PutAsync(new { rows = new[] { Row("a", "340104", "甲公司（更名）") } }); // unchanged: no event
        var badBatch = await provider.Staff.Client.PutAsJsonAsync(path, new { rows = new[] { new { key = "z", data = new Dictionary<string, string> { ["nope"] = "1" } } } }, Json.Options);
        Assert.Equal(HttpStatusCode.BadRequest, badBatch.StatusCode);

        var events = await EventsAsync(app, subscriptionId);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], events.Select(e => e["sequence"]!.GetValue<long>()).ToArray());
        Assert.Equal(["a", "c", "a", "a2", "c"], events.Select(e => e["rowKey"]!.GetValue<string>()).ToArray());
        Assert.Equal("deleted", events[4]["change"]!.GetValue<string>());
        Assert.Equal("138****0001", events[0]["data"]!["phone"]!.GetValue<string>());
        Assert.Null(events[0]["data"]!["personName"]);

        // Delivered to the consumer department's webhook receiver: every change once, with its sequence to apply in order.
        for (var pass = 0; pass < 600 && receiver.At(hook).Count < events.Count; pass++)
        {
            await OneWindow.Tests.Integration.WebhookTestKit.DispatchAsync(app.Services);
            await Task.Delay(100);
        }

        var delivered = receiver.At(hook).Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(events.Count, delivered.Count);
        Assert.Equal(events.Count, delivered.Select(d => d["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal([1L, 2L, 3L, 4L, 5L], delivered.Select(d => d["data"]!["sequence"]!.GetValue<long>()).Order().ToArray());

        var revoke = await Json.PostAsync(consumer.Client, $"/api/v1/data-grants/{grantId}/revoke", new { reason = "业务停办" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await PutAsync(new { rows = new[] { Row("a", "340104", "甲公司（再次更名）") } });
        Assert.Equal(5, (await EventsAsync(app, subscriptionId)).Count);
        // Another department's system cannot subscribe to this grant.
        var (_, strangerId, _) = await DepartmentAdminAsync(app);
        var stranger = await SystemAsync(app, strangerId);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http(app).PutAsync($"/api/v1/data-grants/{grantId}/subscription", null)).StatusCode);
    }

    private const string DemoStaffPassword = "Demo@2026pass";

    private static object Row(string key, string region, string org) => new
    {
        key,
        data = new Dictionary<string, string> { ["idNumber"] = "340104199001010011", ["personName"] = "王五", ["phone"] = "13800000001", ["orgName"] = org, ["regionCode"] = region },
    };

    private static async Task<List<JsonNode>> EventsAsync(OneWindowApp app, long subscriptionId)
    {
        var payloads = await app.QueryAsync<IntegrationDbContext, List<string>>(db =>
            db.Outbox.Where(o => o.Type == "exchange.row.changed").OrderBy(o => o.Id).Select(o => o.PayloadJson).ToListAsync());
        return payloads.Select(p => JsonNode.Parse(p)!).Where(p => p["subscriptionId"]!.GetValue<long>() == subscriptionId).ToList();
    }
}

public sealed class ExchangeDataUseTestsOnSqlite() : ExchangeDataUseTests(DbKind.Sqlite);

public sealed class ExchangeDataUseTestsOnPostgres() : ExchangeDataUseTests(DbKind.Postgres);
