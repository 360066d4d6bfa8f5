using System.Net;
using System.Net.Http.Json;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Registry.RegistryTestKit;

namespace OneWindow.Tests.Registry;

/// <summary>Apps without demo data, so the quality figures and rule changes of these tests are the only data.</summary>
internal static class EmptyRegistryApps
{
    private static readonly AppPerDatabase Apps = new(demoData: false);

    public static Task<OneWindowApp> GetAsync(DbKind kind) => Apps.GetAsync(kind);
}

/// <summary>Data quality (数据质量) figures from known inputs, and rule changes recomputing golden records.</summary>
public abstract class RegistryQualityTests(DbKind kind)
{
    [Fact]
    public async Task Quality_per_source_counts_completeness_validity_conflicts_and_freshness()
    {
        var app = await EmptyRegistryApps.GetAsync(kind);
        var admin = await DataAdminAsync(app);
        var full = NewIdNumber();
        var partial = NewIdNumber(male: false);
        // ga-hukou: 7 expected fields (deathDate is optional); one person complete, one with 4 → 11 / 14.
        await SubmitOkAsync(admin, "ga-hukou",
            Record(full, At(3), new { name = "甲", gender = "男", birthDate = "1980-01-01", ethnicity = "汉族", householdRegion = "340104", householdAddress = "合肥市蜀山区一号", maritalStatus = "未婚" }),
            Record(partial, At(3), new { name = "乙", gender = "女", birthDate = "1981-01-01", ethnicity = "汉族" }));
        // One refused batch of 3 with 1 invalid record: validity 2 / (2 + 1).
        await Json.ProblemAsync(await SubmitAsync(admin, "ga-hukou",
            Record(NewIdNumber(), At(1), new { name = "丙" }), Record(NewIdNumber(), At(1), new { name = "丁" }), Record(NewIdNumber(), At(1), new { gender = "未知" })), 400);
        // wjw-birth disagrees on one birth date: one open conflict for each of the two sources; it holds all 3 of its fields.
        await SubmitOkAsync(admin, "wjw-birth", Record(full, At(2), new { name = "甲", gender = "男", birthDate = "1980-01-03" }));

        var report = await Json.GetAsync(admin, "/api/v1/registry/quality");
        Assert.Equal(30, report["windowDays"]!.GetValue<int>());
        var sources = report["sources"]!.AsArray().ToDictionary(s => s!["source"]!.GetValue<string>(), s => s!);
        Assert.Equal(6, sources.Count);
        var hukou = sources["ga-hukou"];
        Assert.Equal(2, hukou["entities"]!.GetValue<int>());
        Assert.Equal(11.0 / 14, hukou["completeness"]!.GetValue<double>(), 6);
        Assert.Equal(2, hukou["accepted30Days"]!.GetValue<int>());
        Assert.Equal(1, hukou["invalid30Days"]!.GetValue<int>());
        Assert.Equal(1, hukou["refusedBatches30Days"]!.GetValue<int>());
        Assert.Equal(2.0 / 3, hukou["validity"]!.GetValue<double>(), 6);
        Assert.Equal(1, hukou["openConflicts"]!.GetValue<int>());
        Assert.InRange(hukou["freshnessDays"]!.GetValue<double>(), 0, 1);
        var birth = sources["wjw-birth"];
        Assert.Equal(1.0, birth["completeness"]!.GetValue<double>(), 6);
        Assert.Equal(1.0, birth["validity"]!.GetValue<double>(), 6);
        Assert.Equal(1, birth["openConflicts"]!.GetValue<int>());
        var silent = sources["bb-institution"];
        Assert.Equal(0, silent["entities"]!.GetValue<int>());
        Assert.Null(silent["completeness"]);
        Assert.Null(silent["validity"]);
        Assert.Null(silent["freshnessDays"]);

        // 编办 is not a catalogue department: its source has none (and this app has no demo departments at all).
        var listed = (await Json.GetAsync(admin, "/api/v1/registry/sources")).AsArray();
        Assert.Equal(6, listed.Count);
        Assert.Null(listed.Single(s => s!["key"]!.GetValue<string>() == "bb-institution")!["departmentId"]);
        Assert.Equal(["name", "gender", "birthDate"], listed.Single(s => s!["key"]!.GetValue<string>() == "wjw-birth")!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task A_rule_change_recomputes_the_golden_records_that_hold_the_field()
    {
        var app = await EmptyRegistryApps.GetAsync(kind);
        var admin = await DataAdminAsync(app);
        var code = NewCreditCode();
        await SubmitOkAsync(admin, "sc-register", Record(code, At(10), new { name = "合肥规则测试有限公司", businessScope = "软件开发" }));
        await SubmitOkAsync(admin, "mz-org", Record(code, At(2), new { businessScope = "公益服务" }));
        Assert.Equal("软件开发", (await LegalPersonAsync(app, code))!.Value("businessScope"));

        var problem = await Json.ProblemAsync(await admin.PutAsJsonAsync("/api/v1/registry/rules/legal_person/businessScope",
            new { strategy = "priority", priority = new[] { new[] { "ga-hukou" }, new[] { "mz-org", "mz-org" } } }, Json.Options), 400);
        Assert.NotNull(problem["errors"]!["priority[0]"]);
        Assert.NotNull(problem["errors"]!["priority[1]"]);
        await Json.ProblemAsync(await admin.PutAsJsonAsync("/api/v1/registry/rules/legal_person/shoeSize", new { strategy = "newest" }, Json.Options), 404);
        var supervisor = await app.SignedInAsync("supervisor", "sj");
        await Json.ProblemAsync(await supervisor.PutAsJsonAsync("/api/v1/registry/rules/legal_person/businessScope", new { strategy = "newest" }, Json.Options), 403);

        var response = await admin.PutAsJsonAsync("/api/v1/registry/rules/legal_person/businessScope", new { strategy = "newest" }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("公益服务", (await LegalPersonAsync(app, code))!.Value("businessScope"));
        Assert.Equal("mz-org", (await LegalPersonAsync(app, code))!.Fields["businessScope"].SourceKey);

        // Same tier: the rule cannot decide, the field is left out.
        response = await admin.PutAsJsonAsync("/api/v1/registry/rules/legal_person/businessScope",
            new { strategy = "priority", priority = new[] { new[] { "sc-register", "mz-org" } } }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await LegalPersonAsync(app, code))!.Value("businessScope"));
        var rules = await Json.GetAsync(admin, "/api/v1/registry/rules");
        var rule = rules.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "legal_person" && r["field"]!.GetValue<string>() == "businessScope")!;
        Assert.Equal("priority", rule["strategy"]!.GetValue<string>());
        Assert.Equal(2, rule["priority"]![0]!.AsArray().Count);
    }
}

[Trait("Database", "Sqlite")]
public sealed class RegistryQualityTestsOnSqlite() : RegistryQualityTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RegistryQualityTestsOnPostgres() : RegistryQualityTests(DbKind.Postgres);
