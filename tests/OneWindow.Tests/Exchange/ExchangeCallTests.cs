using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Log;
using OneWindow.Shared;
using OneWindow.Shared.Demo;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Exchange.ExchangeTestKit;

namespace OneWindow.Tests.Exchange;

/// <summary>Calls under grants: only granted items of granted rows, masking, and every refusal (no grant, another
/// client's or department's grant, revoked or expired, items or rows outside it, malformed input) answered clearly,
/// logged, and without data — through the real API on each database.</summary>
public abstract class ExchangeCallTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task A_granted_system_reads_only_the_granted_items_with_personal_ones_masked_unless_granted_in_clear()
    {
        var app = await AppAsync();
        var (system, grantId) = await ApprovedPersonsGrantAsync(app, ["idNumber", "name", "birthDate"], clear: ["name"]);

        var answer = await Json.ReadAsync(await QueryAsync(app, system, BuiltInResources.Persons,
            new { grantId, purpose = "核验户籍迁入申请人", subjects = new[] { DemoApplicants.ZhangXiaomingId } }));

        var row = answer["rows"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["idNumber", "name", "birthDate"], row.Select(p => p.Key).ToArray());
        Assert.Equal(DemoApplicants.ZhangXiaoming.Name, row["name"]!.GetValue<string>());
        Assert.Equal("340104********001X", row["idNumber"]!.GetValue<string>());
        Assert.Equal("1987-**-**", row["birthDate"]!.GetValue<string>());
        Assert.Equal(["idNumber", "birthDate"], answer["masked"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray());

        // The log has the call with the subject's blind index, the items and the purpose — never the ID number.
        var logged = await EntryAsync(app, answer["logId"]!.GetValue<long>());
        Assert.Equal(ExchangeLogEntry.Ok, logged.Outcome);
        Assert.Equal([app.Services.GetRequiredService<SubjectIndex>().Of(DemoApplicants.ZhangXiaomingId)], logged.SubjectIndexes);
        Assert.Equal("核验户籍迁入申请人", logged.Purpose);
        Assert.DoesNotContain(DemoApplicants.ZhangXiaomingId, System.Text.Json.JsonSerializer.Serialize(logged));
    }

    [Fact]
    public async Task Items_outside_the_grant_are_refused_and_the_refusal_is_logged_without_data()
    {
        var app = await AppAsync();
        var (system, grantId) = await ApprovedPersonsGrantAsync(app, ["name"]);
        var count = (await LoggedAsync(app, grantId)).Count;

        var response = await QueryAsync(app, system, BuiltInResources.Persons, new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId }, items = new[] { "name", "householdAddress" } });

        var problem = await Json.ProblemAsync(response, 400);
        Assert.NotNull(problem["errors"]!["items"]);
        Assert.DoesNotContain(DemoApplicants.ZhangXiaoming.Name, problem.ToJsonString());
        var refused = (await LoggedAsync(app, grantId)).Skip(count).Single();
        Assert.Equal("exchange.invalid", refused.Outcome);
        Assert.Empty(refused.SubjectIndexes);
        Assert.Equal(0, refused.Rows);
    }

    [Fact]
    public async Task Another_client_or_another_department_cannot_use_the_grant()
    {
        var app = await AppAsync();
        var (system, grantId) = await ApprovedPersonsGrantAsync(app, ["name"]);
        var sibling = await SystemAsync(app, system.DepartmentId);
        var (_, strangerId, _) = await DepartmentAdminAsync(app);
        var stranger = await SystemAsync(app, strangerId);
        var body = new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId } };

        Assert.Equal("exchange.client_not_granted", (await Json.ProblemAsync(await QueryAsync(app, sibling, BuiltInResources.Persons, body), 403))["code"]!.GetValue<string>());
        Assert.Equal("exchange.grant_not_found", (await Json.ProblemAsync(await QueryAsync(app, stranger, BuiltInResources.Persons, body), 404))["code"]!.GetValue<string>());
        // A staff session is not a system, and a token without exchange.call is refused by scope.
        var staff = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        Assert.Equal(HttpStatusCode.Forbidden, (await Json.PostAsync(staff.Client, $"/api/v1/exchange/{DataResourceCodes.ToUrl(BuiltInResources.Persons)}/query", body)).StatusCode);
        var unscoped = await SystemAsync(app, system.DepartmentId, ExchangeScopesForTest.GrantsRead);
        Assert.Equal(HttpStatusCode.Forbidden, (await QueryAsync(app, unscoped, BuiltInResources.Persons, body)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_expired_grant_stops_the_next_call()
    {
        var app = await AppAsync();
        var (system, grantId) = await ApprovedPersonsGrantAsync(app, ["name"]);
        var body = new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId } };
        Assert.Equal(HttpStatusCode.OK, (await QueryAsync(app, system, BuiltInResources.Persons, body)).StatusCode);

        var today = ChinaTime.Today(TimeProvider.System);
        await app.QueryAsync<ExchangeDbContext, int>(db => db.Grants.Where(g => g.Id == grantId).ExecuteUpdateAsync(s => s.SetProperty(g => g.ValidUntil, today.AddDays(-1))));
        var expired = await Json.ProblemAsync(await QueryAsync(app, system, BuiltInResources.Persons, body), 403);
        Assert.Equal("exchange.grant_not_in_force", expired["code"]!.GetValue<string>());
        await app.QueryAsync<ExchangeDbContext, int>(db => db.Grants.Where(g => g.Id == grantId).ExecuteUpdateAsync(s => s.SetProperty(g => g.ValidUntil, today.AddYears(1))));

        var provider = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        var revoked = await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{grantId}/revoke", new { reason = "业务系统存在安全隐患" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var after = await Json.ProblemAsync(await QueryAsync(app, system, BuiltInResources.Persons, body), 403);
        Assert.Equal("exchange.grant_not_in_force", after["code"]!.GetValue<string>());
        Assert.Equal(1, await ExchangeGrantTests.AuditAsync(app, "exchange.grant.revoked", grantId));
    }

    [Fact]
    public async Task Registry_resources_are_not_a_search_service_and_malformed_queries_are_refused_not_crashed()
    {
        var app = await AppAsync();
        var (system, grantId) = await ApprovedPersonsGrantAsync(app, ["name", "householdRegion"]);
        var code = BuiltInResources.Persons;

        var search = await Json.ProblemAsync(await QueryAsync(app, system, code, new { grantId, filters = new[] { new { item = "householdRegion", op = "eq", value = "340104" } } }), 400);
        Assert.NotNull(search["errors"]!["subjects"]);
        foreach (var bad in new object[]
        {
            new { grantId, subjects = new[] { "' OR 1=1 --" } },
            new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId }, pageSize = 1000000 },
            new { grantId, subjects = Enumerable.Range(0, 51).Select(i => "34010419870315" + i.ToString("0000")).ToArray() },
            new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId }, after = "not-a-cursor" },
            new { subjects = new[] { DemoApplicants.ZhangXiaomingId } },
        })
        {
            var response = await QueryAsync(app, system, code, bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var garbage = await system.Http(app).PostAsync($"/api/v1/exchange/{DataResourceCodes.ToUrl(code)}/query", new StringContent("{\"grantId\": [", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var unknown = await QueryAsync(app, system, "999999/000009", new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Table_rows_are_filtered_by_granted_items_paged_by_cursor_and_limited_to_the_granted_region()
    {
        var app = await AppAsync();
        var provider = await DepartmentAdminAsync(app);
        var resource = await ResourceCatalogKit.TableAsync(app, provider.Key, SharingClasses.Conditional);
        var providerSystem = await SystemAsync(app, provider.DepartmentId, ExchangeScopesForTest.Provide);
        var rows = Enumerable.Range(1, 7).Select(i => new
        {
            key = "r" + i,
            data = new Dictionary<string, string>
            {
                ["idNumber"] = "3401041990010100" + i.ToString("00"),
                ["personName"] = "参保人" + i,
                ["phone"] = "1380000000" + i,
                ["orgName"] = i % 2 == 0 ? "合肥某某科技有限公司" : "合肥某某建设集团",
                ["regionCode"] = i <= 5 ? "340104" : "340102",
                ["since"] = $"2020-0{i}-01",
            },
        }).ToList();
        var put = await providerSystem.Http(app).PutAsJsonAsync($"/api/v1/exchange/{DataResourceCodes.ToUrl(resource.Code)}/rows", new { rows }, Json.Options);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);
        var grant = await RequestGrantAsync(consumer.Client, Request(resource.Code, ["personName", "orgName", "since", "regionCode"], [system.ClientId], rowScope: "region", rowRegion: "340104"));
        var grantId = grant["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(provider.Staff.Client, $"/api/v1/data-grants/{grantId}/approve", new { })).StatusCode);

        // Region 340104 holds rows 1-5; two per page; the filter keeps 2020-02.. and later.
        var first = await Json.ReadAsync(await QueryAsync(app, system, resource.Code, new { grantId, pageSize = 2, filters = new[] { new { item = "since", op = "ge", value = "2020-02-01" } } }));
        var names = first["rows"]!.AsArray().Select(r => r!["personName"]!.GetValue<string>()).ToList();
        var cursor = first["nextCursor"]!.GetValue<string>();
        while (cursor != null)
        {
            var next = await Json.ReadAsync(await QueryAsync(app, system, resource.Code, new { grantId, pageSize = 2, after = cursor, filters = new[] { new { item = "since", op = "ge", value = "2020-02-01" } } }));
            names.AddRange(next["rows"]!.AsArray().Select(r => r!["personName"]!.GetValue<string>()));
            cursor = next["nextCursor"]?.GetValue<string>();
        }

        // Rows 2-5 (row 1 is older, rows 6-7 lie in 340102), names masked: personName was not granted in clear.
        Assert.Equal(["参***", "参***", "参***", "参***"], names);
        // A filter value that looks like SQL is only a value; an item outside the grant cannot be filtered on.
        var injected = await Json.ReadAsync(await QueryAsync(app, system, resource.Code, new { grantId, filters = new[] { new { item = "orgName", op = "eq", value = "x' OR '1'='1" } } }));
        Assert.Empty(injected["rows"]!.AsArray());
        var like = await Json.ReadAsync(await QueryAsync(app, system, resource.Code, new { grantId, filters = new[] { new { item = "orgName", op = "prefix", value = "%" } } }));
        Assert.Empty(like["rows"]!.AsArray());
        var outside = await Json.ProblemAsync(await QueryAsync(app, system, resource.Code, new { grantId, filters = new[] { new { item = "phone", op = "eq", value = "13800000001" } } }), 400);
        Assert.NotNull(outside["errors"]!["filters"]);
        var badOp = await Json.ProblemAsync(await QueryAsync(app, system, resource.Code, new { grantId, filters = new[] { new { item = "orgName", op = "; DROP TABLE exchange_rows", value = "x" } } }), 400);
        Assert.NotNull(badOp["errors"]!["filters[0].op"]);
    }

    [Fact]
    public async Task An_open_cases_grant_reads_only_the_applicant_of_an_open_case_of_the_consumer_department()
    {
        var app = await AppAsync();
        var consumerKey = "mz"; // a demo department with published items to apply for
        var item = await OneWindow.Tests.Cases.CaseKit.ItemAsync(app, consumerKey, 1);
        var citizen = app.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await OneWindow.Tests.Identity.CitizenKit.SignInAsync(citizen, DemoApplicants.ZhangXiaomingId, "Demo@2026pass")).StatusCode);
        var applied = await OneWindow.Tests.Cases.CaseKit.ApplyAsync(citizen, item);
        var number = applied["number"]!.GetValue<string>();
        var consumer = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], consumerKey);
        var consumerId = await ExchangeGrantTests.DepartmentIdAsync(app, consumerKey);
        var system = await SystemAsync(app, consumerId);
        var grant = await RequestGrantAsync(consumer.Client, Request(BuiltInResources.Persons, ["name", "householdRegion"], [system.ClientId], rowScope: "open_cases"));
        var grantId = grant["id"]!.GetValue<long>();
        var provider = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{grantId}/approve", new { })).StatusCode);

        var ok = await QueryAsync(app, system, BuiltInResources.Persons, new { grantId, caseNumber = number, subjects = new[] { DemoApplicants.ZhangXiaomingId } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var logId = (await Json.ReadAsync(ok))["logId"]!.GetValue<long>();
        Assert.Equal(number, (await EntryAsync(app, logId)).CaseNumber);
        var someoneElse = await QueryAsync(app, system, BuiltInResources.Persons, new { grantId, caseNumber = number, subjects = new[] { DemoApplicants.LiMeiId } });
        Assert.Equal("exchange.subject_not_in_case", (await Json.ProblemAsync(someoneElse, 403))["code"]!.GetValue<string>());
        var noCase = await QueryAsync(app, system, BuiltInResources.Persons, new { grantId, subjects = new[] { DemoApplicants.ZhangXiaomingId } });
        Assert.NotNull((await Json.ProblemAsync(noCase, 400))["errors"]!["caseNumber"]);
        var unknownCase = await QueryAsync(app, system, BuiltInResources.Persons, new { grantId, caseNumber = "NO-SUCH-CASE", subjects = new[] { DemoApplicants.ZhangXiaomingId } });
        Assert.Equal("exchange.case_not_open", (await Json.ProblemAsync(unknownCase, 403))["code"]!.GetValue<string>());
    }

    /// <summary>A fresh consumer department with a system, and an approved grant of the population registry.</summary>
    internal static async Task<(ConsumerSystem System, long GrantId)> ApprovedPersonsGrantAsync(OneWindowApp app, string[] items, string[]? clear = null)
    {
        var (consumer, consumerId, _) = await DepartmentAdminAsync(app);
        var system = await SystemAsync(app, consumerId);
        var grant = await RequestGrantAsync(consumer.Client, Request(BuiltInResources.Persons, items, [system.ClientId], clear));
        var grantId = grant["id"]!.GetValue<long>();
        var provider = await app.SignInStaffAsync([StaffRoles.DepartmentAdmin], "sj");
        Assert.Equal(HttpStatusCode.OK, (await Json.PostAsync(provider.Client, $"/api/v1/data-grants/{grantId}/approve", new { })).StatusCode);
        return (system, grantId);
    }
}

internal static class ExchangeScopesForTest
{
    public const string GrantsRead = OneWindow.Exchange.ExchangeScopes.GrantsRead;
    public const string Provide = OneWindow.Exchange.ExchangeScopes.Provide;
}

public sealed class ExchangeCallTestsOnSqlite() : ExchangeCallTests(DbKind.Sqlite);

public sealed class ExchangeCallTestsOnPostgres() : ExchangeCallTests(DbKind.Postgres);
