using System.Net;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Registry.RegistryTestKit;

namespace OneWindow.Tests.Registry;

/// <summary>Submitting records: validation per record and field with nothing saved, and who may feed which source.</summary>
public abstract class RegistryIngestTests(DbKind kind)
{
    private Task<OneWindowApp> AppAsync() => SharedApps.GetAsync(kind);

    [Fact]
    public async Task Bad_check_digits_divisions_dates_and_fields_are_refused_per_field_and_nothing_is_saved()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var good = NewIdNumber();
        var badCheck = good[..17] + (good[17] == '0' ? '1' : '0');
        var future = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await SubmitAsync(admin, "ga-hukou",
            Record(good, At(1), new { name = "孙好人", gender = "男" }),
            Record(badCheck, At(1), new { name = "孙校验" }),
            Record(NewIdNumber(), At(1), new { householdRegion = "349999", birthDate = "1990-02-30" }),
            Record(NewIdNumber(), At(1), new { deathDate = future, maritalStatus = "同居", shoeSize = "42" }),
            Record(NewIdNumber(), "2026-01-01", new { name = "孙日期" }));
        var problem = await Json.ProblemAsync(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.NotNull(errors["records[1].code"]);
        Assert.Contains("校验码", errors["records[1].code"]![0]!.GetValue<string>());
        Assert.NotNull(errors["records[2].fields.householdRegion"]);
        Assert.NotNull(errors["records[2].fields.birthDate"]);
        Assert.NotNull(errors["records[3].fields.deathDate"]);
        Assert.NotNull(errors["records[3].fields.maritalStatus"]);
        Assert.NotNull(errors["records[3].fields.shoeSize"]);
        Assert.NotNull(errors["records[4].observedAt"]);
        Assert.False(errors.ContainsKey("records[0].code"));

        // All or nothing: the good record of the batch was not kept either.
        Assert.Null(await PersonAsync(app, good));
        Assert.False(await app.QueryAsync<RegistryDbContext, bool>(db => db.Entities.AnyAsync(e => e.Code == good)));

        // A field the source does not supply, and a bad USCC.
        problem = await Json.ProblemAsync(await SubmitAsync(admin, "wjw-birth", Record(good, At(1), new { householdAddress = "某地" })), 400);
        Assert.Contains("不提供", problem["errors"]!["records[0].fields.householdAddress"]![0]!.GetValue<string>());
        problem = await Json.ProblemAsync(await SubmitAsync(admin, "sc-register", Record("91340100MA2N00000X", At(1), new { name = "某公司", registeredCapital = "-1" })), 400);
        Assert.NotNull(problem["errors"]!["records[0].code"]);
        Assert.NotNull(problem["errors"]!["records[0].fields.registeredCapital"]);

        // Empty and oversized batches.
        Assert.NotNull((await Json.ProblemAsync(await Json.PostAsync(admin, "/api/v1/registry/sources/ga-hukou/records", new { records = Array.Empty<object>() }), 400))["errors"]!["records"]);
        var tooMany = Enumerable.Range(0, 501).Select(_ => Record(NewIdNumber(), At(1), new { name = "甲" })).ToArray();
        Assert.NotNull((await Json.ProblemAsync(await SubmitAsync(admin, "ga-hukou", tooMany), 400))["errors"]!["records"]);
        await Json.ProblemAsync(await SubmitAsync(admin, "no-such-source", Record(good, At(1), new { name = "甲" })), 404);
    }

    [Fact]
    public async Task A_full_batch_of_500_records_is_stored_in_one_request_with_a_golden_record_each()
    {
        var app = await AppAsync();
        var admin = await DataAdminAsync(app);
        var ids = Enumerable.Range(0, 500).Select(_ => NewIdNumber()).Distinct().ToList();
        var summary = await SubmitOkAsync(admin, "ga-hukou", ids.Select(id => Record(id, At(1), new { name = "批量", gender = "男", householdRegion = "340104" })).ToArray());
        Assert.Equal(ids.Count, summary["accepted"]!.GetValue<int>());
        Assert.Equal(ids.Count, summary["entities"]!.GetValue<int>());
        var golden = await app.QueryAsync<RegistryDbContext, int>(db =>
            db.Golden.CountAsync(g => g.Field == "householdRegion" && db.Entities.Any(e => e.Id == g.EntityId && ids.Contains(e.Code))));
        Assert.Equal(ids.Count, golden);
    }

    [Fact]
    public async Task A_department_system_feeds_its_own_sources_only_and_needs_the_registry_write_scope()
    {
        var app = await AppAsync();
        var sources = (await Json.GetAsync(await DataAdminAsync(app), "/api/v1/registry/sources")).AsArray();
        Assert.Equal(await DepartmentIdAsync(app, "ga"), sources.Single(s => s!["key"]!.GetValue<string>() == "ga-hukou")!["departmentId"]!.GetValue<long>());
        var police = await DepartmentSystemAsync(app, "ga", "registry.write");
        var id = NewIdNumber();
        var ok = await SubmitAsync(police, "ga-hukou", Record(id, At(1), new { name = "冯一", gender = "男" }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("冯一", (await PersonAsync(app, id))!.Value("name"));
        var record = await app.QueryAsync<RegistryDbContext, string>(db => db.Records.Where(r => r.EntityId == db.Entities.Single(e => e.Code == id).Id).Select(r => r.SentBy).SingleAsync());
        Assert.StartsWith("client:", record);

        // Another department's source, and the department's system without the scope.
        await Json.ProblemAsync(await SubmitAsync(police, "wjw-birth", Record(id, At(1), new { name = "冯二" })), 403);
        var readOnly = await DepartmentSystemAsync(app, "ga", "catalog.read");
        await Json.ProblemAsync(await SubmitAsync(readOnly, "ga-hukou", Record(id, At(1), new { name = "冯三" })), 403);
        // A client token reads nothing.
        await Json.ProblemAsync(await police.GetAsync($"/api/v1/registry/persons/{id}"), 403);
        Assert.Equal("冯一", (await PersonAsync(app, id))!.Value("name"));
    }

    [Fact]
    public async Task Citizens_and_other_staff_get_403_and_anonymous_callers_401()
    {
        var app = await AppAsync();
        var citizen = await CitizenKit.SignedInAsync(app, await CitizenKit.RegisterAsync(app));
        var id = NewIdNumber();
        await Json.ProblemAsync(await citizen.GetAsync("/api/v1/registry/persons/34010419870315001X"), 403);
        await Json.ProblemAsync(await SubmitAsync(citizen, "ga-hukou", Record(id, At(1), new { name = "褚一" })), 403);
        await Json.ProblemAsync(await citizen.GetAsync("/api/v1/registry/conflicts"), 403);

        var officer = await app.SignedInAsync("window_officer", "ga");
        await Json.ProblemAsync(await officer.GetAsync("/api/v1/registry/persons/34010419870315001X"), 403);
        await Json.ProblemAsync(await officer.GetAsync("/api/v1/registry/quality"), 403);
        await Json.ProblemAsync(await SubmitAsync(officer, "ga-hukou", Record(id, At(1), new { name = "褚一" })), 403);

        // A data admin of a district does not reach the city's registry.
        var district = (await app.SignInStaffAsync(["data_admin"], "sj", "340104")).Client;
        await Json.ProblemAsync(await district.GetAsync("/api/v1/registry/persons/34010419870315001X"), 403);

        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/registry/persons/34010419870315001X")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitAsync(anonymous, "ga-hukou", Record(id, At(1), new { name = "褚一" }))).StatusCode);
        Assert.Null(await PersonAsync(app, id));

        var supervisor = await app.SignedInAsync("supervisor", "sj");
        Assert.Equal("张晓明", (await Json.GetAsync(supervisor, "/api/v1/registry/persons/34010419870315001X"))["fields"]![0]!["value"]!.GetValue<string>());
        await Json.ProblemAsync(await SubmitAsync(supervisor, "ga-hukou", Record(id, At(1), new { name = "褚一" })), 403);
    }
}

[Trait("Database", "Sqlite")]
public sealed class RegistryIngestTestsOnSqlite() : RegistryIngestTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class RegistryIngestTestsOnPostgres() : RegistryIngestTests(DbKind.Postgres);
