using System.Net;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Cases;

/// <summary>新生儿出生一件事: all or nothing (a missing fact or material, or a suspended item, creates no case at all and
/// says why, per field), an idempotent submission, and materials with the same name asked once.</summary>
public abstract class LifeEventRulesTests(DbKind kind)
{
    private Task<OneWindowApp> App() => SharedApps.GetAsync(kind);

    private static Dictionary<string, string?> NewbornAnswers() => new()
    {
        ["childName"] = "张小宝",
        ["childGender"] = "男",
        ["childBirthDate"] = "2025-09-10",
        ["motherIdNumber"] = "340103195608020022",
        ["fatherIdNumber"] = "34010419870315001X",
        ["householdOf"] = "father",
        ["contactPhone"] = "13912345678",
    };

    [Fact]
    public async Task The_newborn_event_covers_four_departments_and_asks_the_parents_ids_once()
    {
        var app = await App();
        var plan = await LifeEventKit.PlanAsync(app.Anonymous(), LifeEventKit.Newborn);
        Assert.Null(plan["unavailable"]);
        Assert.Equal(4, plan["items"]!.AsArray().Select(i => i!["departmentId"]!.GetValue<long>()).Distinct().Count());
        Assert.Contains(plan["items"]!.AsArray(), i => i!["name"]!.GetValue<string>() == "出生登记（新生儿入户）");
        var ids = plan["materials"]!.AsArray().Where(m => m!["name"]!.GetValue<string>() == "父母双方居民身份证").ToList();
        Assert.Single(ids);
        Assert.Equal(2, ids[0]!["items"]!.AsArray().Count);
        await Json.ProblemAsync(await app.Anonymous().GetAsync("/api/v1/life-events/no-such-event"), 404);
    }

    [Fact]
    public async Task A_missing_fact_or_material_creates_nothing_and_names_each_field()
    {
        var app = await App();
        var plan = await LifeEventKit.PlanAsync(app.Anonymous(), LifeEventKit.Newborn);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var answers = NewbornAnswers();
        answers.Remove("childName");
        answers["motherIdNumber"] = "340103195608020023"; // wrong check digit
        var refused = await Json.ProblemAsync(await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Newborn, answers, [], "k-missing"), 400);
        var errors = refused["errors"]!.AsObject();
        Assert.NotNull(errors["childName"]);
        Assert.NotNull(errors["motherIdNumber"]);
        var photo = plan["materials"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "本人近期白底彩色证件照")!["index"]!.GetValue<int>();
        Assert.NotNull(errors[$"materials[{photo}]"]);

        var noKey = await Json.ProblemAsync(await Json.PostAsync(applicant, $"/api/v1/life-events/{LifeEventKit.Newborn}/applications", new { answers = NewbornAnswers() }), 400);
        Assert.NotNull(noKey["errors"]!["Idempotency-Key"]);
        Assert.Equal(0, await CountAsync(applicant));
    }

    [Fact]
    public async Task A_suspended_item_makes_the_event_unavailable_and_nothing_is_created()
    {
        var app = await App();
        var plan = await LifeEventKit.PlanAsync(app.Anonymous(), LifeEventKit.Newborn);
        var insurance = plan["items"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "城乡居民医保参保登记")!["itemId"]!.GetValue<long>();
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var materials = await LifeEventKit.UploadMaterialsAsync(applicant, plan);
        var editor = await app.SignedInAsync("editor", "yb");
        Assert.True((await Json.PostAsync(editor, $"/api/v1/catalog/items/{insurance}/suspend", new { reason = "系统升级暂停受理" })).IsSuccessStatusCode);
        try
        {
            var unavailable = await LifeEventKit.PlanAsync(app.Anonymous(), LifeEventKit.Newborn);
            Assert.Contains("城乡居民医保参保登记", unavailable["unavailable"]!.GetValue<string>());
            var refused = await Json.ProblemAsync(await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Newborn, NewbornAnswers(), materials, "k-suspended"), 409);
            Assert.Contains("城乡居民医保参保登记", refused["detail"]!.GetValue<string>());
            Assert.Equal(0, await CountAsync(applicant));
        }
        finally
        {
            Assert.True((await Json.PostAsync(editor, $"/api/v1/catalog/items/{insurance}/resume", new { })).IsSuccessStatusCode);
        }

        // Resumed: the same request now goes through, four cases at once.
        var created = await LifeEventKit.CreatedAsync(await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Newborn, NewbornAnswers(), materials, "k-suspended"));
        Assert.Equal(4, created["cases"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_retried_submission_returns_the_same_bundle_and_creates_no_second_set_of_cases()
    {
        var app = await App();
        var plan = await LifeEventKit.PlanAsync(app.Anonymous(), LifeEventKit.Newborn);
        var (_, applicant) = await CaseKit.ApplicantAsync(app);
        var materials = await LifeEventKit.UploadMaterialsAsync(applicant, plan);
        var key = Guid.NewGuid().ToString("N");
        var first = await LifeEventKit.CreatedAsync(await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Newborn, NewbornAnswers(), materials, key, delivery: "pickup"));
        var again = await LifeEventKit.ApplyAsync(applicant, LifeEventKit.Newborn, NewbornAnswers(), materials, key, delivery: "pickup");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var replayed = await Json.ReadAsync(again);
        Assert.Equal(first["id"]!.GetValue<long>(), replayed["id"]!.GetValue<long>());
        Assert.Equal(first["number"]!.GetValue<string>(), replayed["number"]!.GetValue<string>());
        Assert.Equal(4, await CountAsync(applicant));
    }

    /// <summary>The applicant's cases (drafts included), as "my cases" lists them.</summary>
    private static async Task<int> CountAsync(HttpClient applicant) => (await Json.GetAsync(applicant, "/api/v1/cases/mine"))["items"]!.AsArray().Count;
}

[Trait("Database", "Sqlite")]
public sealed class LifeEventRulesTestsOnSqlite() : LifeEventRulesTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class LifeEventRulesTestsOnPostgres() : LifeEventRulesTests(DbKind.Postgres);
