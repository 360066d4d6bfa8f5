using System.Net;
using System.Text.Json.Nodes;
using OneWindow.Shared.Registry;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Registry.RegistryTestKit;

namespace OneWindow.Tests.Registry;

/// <summary>Golden records (黄金记录) by the declared rules: source priority, newest wins, steward decisions that
/// override, history kept, and conflicts listed, resolved and left out of <see cref="IBaseRegistry"/>.</summary>
public abstract class GoldenRecordTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task The_higher_priority_source_wins_and_a_lower_one_that_disagrees_is_listed_for_review()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber();
        // mz-marriage reports later, but name is ga-hukou first.
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(10), new { name = "周建国", gender = "男", householdRegion = "340104" }));
        await SubmitOkAsync(admin, "mz-marriage", Record(id, At(2), new { name = "周建图", maritalStatus = "已婚" }));

        var record = (await PersonAsync(app, id))!;
        Assert.Equal("周建国", record.Value("name"));
        Assert.Equal("ga-hukou", record.Fields["name"].SourceKey);
        Assert.Equal("市公安局户籍系统", record.Fields["name"].SourceName);
        Assert.Equal("已婚", record.Value("maritalStatus"));
        Assert.Equal("mz-marriage", record.Fields["maritalStatus"].SourceKey);

        var conflict = Assert.Single(await ConflictsAsync(admin, Masked(id), "name"));
        Assert.False(conflict["blocking"]!.GetValue<bool>());
        Assert.Equal(["ga-hukou:周建国", "mz-marriage:周建图"], conflict["values"]!.AsArray().Select(v => v!["source"]!.GetValue<string>() + ":" + v["value"]!.GetValue<string>()));

        // The API shows the golden value, its basis and every source's value.
        var view = await Json.GetAsync(admin, $"/api/v1/registry/persons/{id}");
        var name = view["fields"]!.AsArray().Single(f => f!["field"]!.GetValue<string>() == "name")!;
        Assert.Equal("周建国", name["value"]!.GetValue<string>());
        Assert.Equal("rule", name["basis"]!.GetValue<string>());
        Assert.Equal(2, name["sources"]!.AsArray().Count);
        Assert.Equal($"/api/v1/registry/persons/{id}/history", view["history"]!.GetValue<string>());
    }

    [Fact]
    public async Task Newest_wins_by_observed_time_and_a_late_older_record_goes_to_history_only()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var code = NewCreditCode();
        await SubmitOkAsync(admin, "sc-register", Record(code, At(30), new { name = "合肥测试科技有限公司", kind = "企业法人", status = "存续", registeredCapital = 100.5 }));
        await SubmitOkAsync(admin, "mz-org", Record(code, At(5), new { status = "注销" }));
        var record = (await LegalPersonAsync(app, code))!;
        Assert.Equal("注销", record.Value("status"));
        Assert.Equal("mz-org", record.Fields["status"].SourceKey);
        Assert.Equal("100.5", record.Value("registeredCapital"));
        Assert.Empty(await ConflictsAsync(admin, code, "status"));

        // sc-register delivers, late, a record observed before mz-org's: kept in history, current claim unchanged.
        await SubmitOkAsync(admin, "sc-register", Record(code, At(40), new { status = "吊销" }));
        Assert.Equal("注销", (await LegalPersonAsync(app, code))!.Value("status"));
        var history = await Json.GetAsync(admin, $"/api/v1/registry/legal-persons/{code}/history?field=status");
        Assert.Equal(["sc-register:吊销", "mz-org:注销", "sc-register:存续"],
            history["items"]!.AsArray().Select(h => h!["source"]!.GetValue<string>() + ":" + h["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_steward_field_that_sources_disagree_on_is_left_out_until_resolved_and_the_resolution_is_audited()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber(male: false);
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(10), new { name = "吴秀兰", gender = "女", birthDate = "1960-01-02" }));
        var opened = await SubmitOkAsync(admin, "wjw-birth", Record(id, At(9), new { name = "吴秀兰", birthDate = "1960-01-20" }));
        Assert.Equal(1, opened["conflictsOpened"]!.GetValue<int>());

        var record = (await PersonAsync(app, id))!;
        Assert.Null(record.Value("birthDate"));
        Assert.False(record.Fields.ContainsKey("birthDate"));
        Assert.Equal("吴秀兰", record.Value("name"));
        var conflict = Assert.Single(await ConflictsAsync(admin, Masked(id), "birthDate"));
        Assert.True(conflict["blocking"]!.GetValue<bool>());
        var conflictId = conflict["id"]!.GetValue<long>();

        // Bad resolutions: neither or both, a value nobody stated, a source without a value.
        foreach (var (body, field) in new (object, string)[]
        {
            (new { }, "value"), (new { value = "1960-01-02", source = "ga-hukou" }, "value"),
            (new { value = "1960-01-03" }, "value"), (new { source = "mz-marriage" }, "source"),
        })
        {
            var problem = await Json.ProblemAsync(await Json.PostAsync(admin, $"/api/v1/registry/conflicts/{conflictId}/resolve", body), 400);
            Assert.NotNull(problem["errors"]![field]);
        }

        // A supervisor may read but not resolve.
        var supervisor = await app.SignedInAsync("supervisor", "sj");
        await Json.ProblemAsync(await Json.PostAsync(supervisor, $"/api/v1/registry/conflicts/{conflictId}/resolve", new { source = "ga-hukou" }), 403);

        var resolved = await Json.ReadAsync(await Json.PostAsync(admin, $"/api/v1/registry/conflicts/{conflictId}/resolve", new { source = "ga-hukou", reason = "以户籍底册为准" }));
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        record = (await PersonAsync(app, id))!;
        Assert.Equal("1960-01-02", record.Value("birthDate"));
        Assert.Equal("ga-hukou", record.Fields["birthDate"].SourceKey);
        Assert.Empty(await ConflictsAsync(admin, Masked(id), "birthDate"));
        Assert.Single(await ConflictsAsync(admin, Masked(id), "birthDate", "resolved"));
        await Json.ProblemAsync(await Json.PostAsync(admin, $"/api/v1/registry/conflicts/{conflictId}/resolve", new { source = "ga-hukou" }), 409);

        var audit = Assert.Single(await AuditAsync(app, "registry.conflict_resolved", conflictId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("ga-hukou", audit.Summary);
        Assert.DoesNotContain(id, audit.Summary);
        Assert.DoesNotContain("1960", audit.Summary);
    }

    [Fact]
    public async Task A_manual_decision_overrides_the_rule_until_a_source_later_states_something_else()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber();
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(10), new { name = "郑大海" }));
        await SubmitOkAsync(admin, "mz-marriage", Record(id, At(9), new { name = "郑大河" }));
        var conflict = Assert.Single(await ConflictsAsync(admin, Masked(id), "name"));

        // The steward picks the lower-priority source's value.
        var response = await Json.PostAsync(admin, $"/api/v1/registry/conflicts/{conflict["id"]}/resolve", new { value = "郑大河" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = (await PersonAsync(app, id))!;
        Assert.Equal("郑大河", record.Value("name"));
        Assert.Equal("mz-marriage", record.Fields["name"].SourceKey);
        var view = await Json.GetAsync(admin, $"/api/v1/registry/persons/{id}");
        Assert.Equal("manual", view["fields"]!.AsArray().Single(f => f!["field"]!.GetValue<string>() == "name")!["basis"]!.GetValue<string>());

        // Restating the decided value keeps the decision; a new different value hands the field back to the rule.
        await SubmitOkAsync(admin, "mz-marriage", Record(id, At(1), new { name = "郑大河" }));
        Assert.Equal("郑大河", (await PersonAsync(app, id))!.Value("name"));
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(0), new { name = "郑大江" }));
        Assert.Equal("郑大江", (await PersonAsync(app, id))!.Value("name"));
        Assert.Single(await ConflictsAsync(admin, Masked(id), "name"));

        // Sources agreeing again clears the open conflict without a steward.
        await SubmitOkAsync(admin, "mz-marriage", Record(id, At(0), new { name = "郑大江" }));
        Assert.Empty(await ConflictsAsync(admin, Masked(id), "name"));
        Assert.NotEmpty(await ConflictsAsync(admin, Masked(id), "name", "cleared"));
    }

    [Fact]
    public async Task History_keeps_every_statement_with_source_and_times_and_pages_by_cursor()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber();
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(20), new { householdAddress = "合肥市蜀山区一路1号", householdRegion = "340104" }));
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(3), new { householdAddress = "合肥市庐阳区二路2号", householdRegion = "340103" }));
        Assert.Equal("合肥市庐阳区二路2号", (await PersonAsync(app, id))!.Value("householdAddress"));

        var all = await Json.GetAsync(admin, $"/api/v1/registry/persons/{id}/history");
        Assert.Equal(4, all["items"]!.AsArray().Count);
        var first = await Json.GetAsync(admin, $"/api/v1/registry/persons/{id}/history?field=householdAddress&pageSize=1");
        Assert.Equal("合肥市庐阳区二路2号", first["items"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("ga-hukou", first["items"]![0]!["source"]!.GetValue<string>());
        var second = await Json.GetAsync(admin, $"/api/v1/registry/persons/{id}/history?field=householdAddress&pageSize=1&after={first["nextCursor"]}");
        Assert.Equal("合肥市蜀山区一路1号", second["items"]![0]!["value"]!.GetValue<string>());
        Assert.Null(second["nextCursor"]);

        var problem = await Json.ProblemAsync(await admin.GetAsync($"/api/v1/registry/persons/{id}/history?field=shoeSize"), 400);
        Assert.NotNull(problem["errors"]!["field"]);
    }

    [Fact]
    public async Task Reading_a_person_is_audited_with_the_masked_number_only()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var id = NewIdNumber();
        await SubmitOkAsync(admin, "ga-hukou", Record(id, At(1), new { name = "钱多多" }));
        var view = await Json.GetAsync(admin, $"/api/v1/registry/persons/{id}");
        Assert.Equal(Masked(id), view["maskedCode"]!.GetValue<string>());
        var entityId = await app.QueryAsync<OneWindow.Registry.Data.RegistryDbContext, long>(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Entities.Where(e => e.Code == id).Select(e => e.Id)));
        var audit = Assert.Single(await AuditAsync(app, "registry.record_read", entityId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(Masked(id), audit.Summary);
        Assert.DoesNotContain(id, audit.Summary);

        await Json.ProblemAsync(await admin.GetAsync("/api/v1/registry/persons/3401041950"), 400);
        await Json.ProblemAsync(await admin.GetAsync($"/api/v1/registry/persons/{NewIdNumber()}"), 404);
    }

    [Fact]
    public async Task Demo_data_has_the_demo_people_and_a_blocking_conflict_on_li_meis_birth_date()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var zhang = (await PersonAsync(app, "34010419870315001X"))!;
        Assert.Equal("张晓明", zhang.Value("name"));
        Assert.Equal("已婚", zhang.Value("maritalStatus"));
        Assert.Equal("340104", zhang.Value("householdRegion"));
        var li = (await PersonAsync(app, "340103195608020022"))!;
        Assert.Null(li.Value("birthDate"));
        Assert.Equal("丧偶", li.Value("maritalStatus"));
        Assert.Equal("合肥明远科技有限公司", (await LegalPersonAsync(app, "91340100MA2N00000M"))!.Value("name"));
        Assert.Single(await ConflictsAsync(admin, Masked("340103195608020022"), "birthDate"));

        var page = await Json.GetAsync(admin, "/api/v1/registry/conflicts?pageSize=1");
        Assert.Single(page["items"]!.AsArray());
    }

    [Fact]
    public async Task Conflicts_page_by_cursor_in_id_order()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        for (var i = 0; i < 3; i++)
        {
            var id = NewIdNumber();
            await SubmitOkAsync(admin, "ga-hukou", Record(id, At(5), new { birthDate = "1970-01-01" }));
            await SubmitOkAsync(admin, "wjw-birth", Record(id, At(5), new { birthDate = "1970-01-02" }));
        }

        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Json.GetAsync(admin, "/api/v1/registry/conflicts?kind=person&pageSize=2" + (cursor == null ? "" : "&after=" + cursor));
            ids.AddRange(page["items"]!.AsArray().Select(c => c!["id"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor != null);
        Assert.True(ids.Count >= 3);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        await Json.ProblemAsync(await admin.GetAsync("/api/v1/registry/conflicts?after=nonsense"), 400);
        await Json.ProblemAsync(await admin.GetAsync("/api/v1/registry/conflicts?status=maybe"), 400);
    }

    [Fact]
    public async Task The_api_is_in_the_openapi_document()
    {
        var client = (await AppAsync()).Anonymous();
        var paths = (await Json.GetAsync(client, "/openapi/v1.json"))["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/registry/persons/{idNumber}", "/api/v1/registry/legal-persons/{code}", "/api/v1/registry/persons/{idNumber}/history",
                     "/api/v1/registry/sources/{key}/records", "/api/v1/registry/sources", "/api/v1/registry/conflicts", "/api/v1/registry/conflicts/{id}/resolve",
                     "/api/v1/registry/quality", "/api/v1/registry/rules" })
        {
            Assert.True(paths.ContainsKey(path), path);
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class GoldenRecordTestsOnSqlite() : GoldenRecordTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class GoldenRecordTestsOnPostgres() : GoldenRecordTests(DbKind.Postgres);
