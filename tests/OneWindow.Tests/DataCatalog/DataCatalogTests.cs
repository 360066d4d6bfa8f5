using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Sharing;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.DataCatalog.DataCatalogTestKit;

namespace OneWindow.Tests.DataCatalog;

/// <summary>The data resource catalogue through the real API on each database: life cycle, versions and diff, code
/// allocation, validation, who may do what, search, export and the built-in resources.</summary>
public abstract class DataCatalogTests(DbKind kind)
{
    [Fact]
    public async Task A_draft_is_submitted_returned_resubmitted_and_published_with_a_code_and_audit()
    {
        var app = await SharedApps.GetAsync(kind);
        var editor = await EditorAsync(app);
        var classification = NewClassification();

        var created = await CreateAsync(editor, Body(classification, "低保对象名单"));
        Assert.Equal("draft", created["state"]!.GetValue<string>());
        Assert.Null(created["code"]);
        var id = created["key"]!.GetValue<string>();
        Assert.Null(await PublishedResourceAsync(app, classification + "/000001"));

        var submitted = await ActAsync(editor, id, "submit");
        var code = submitted["code"]!.GetValue<string>();
        Assert.Equal(classification + "/000001", code);
        var key = DataResourceCodes.ToUrl(code);
        var reviewer = await ReviewerAsync(app);
        await ActAsync(reviewer, key, "return", new { reason = "" }, HttpStatusCode.BadRequest);
        var returned = await ActAsync(reviewer, key, "return", new { reason = "摘要不完整" });
        Assert.Equal(("returned", "摘要不完整"), (returned["state"]!.GetValue<string>(), returned["returnReason"]!.GetValue<string>()));
        await ActAsync(reviewer, key, "publish", expected: HttpStatusCode.Conflict);

        var edited = await UpdateAsync(editor, key, Body(classification, "最低生活保障对象名单"));
        Assert.Equal((1, "draft"), (edited["version"]!.GetValue<int>(), edited["state"]!.GetValue<string>()));
        Assert.Equal(code, (await ActAsync(editor, key, "submit"))["code"]!.GetValue<string>());
        var published = await ActAsync(reviewer, key, "publish");

        Assert.Equal("published", published["state"]!.GetValue<string>());
        Assert.NotNull(published["publishedOn"]);
        var shared = await PublishedResourceAsync(app, code);
        Assert.Equal(("最低生活保障对象名单", 1, SharingClasses.Unconditional), (shared!.Name, shared.Version, shared.SharingClass));
        Assert.Equal(10, shared.DecisionWorkingDays);
        foreach (var action in new[] { "created", "edited", "submitted", "returned", "published" })
        {
            Assert.True(await AuditCountAsync(app, "datacatalog.resource." + action, action == "created" ? id : code) >= 1, action);
        }
    }

    [Fact]
    public async Task Editing_a_published_resource_makes_a_new_version_the_exchange_sees_only_once_published()
    {
        var app = await SharedApps.GetAsync(kind);
        var classification = NewClassification();
        var (key, code) = await PublishedAsync(app, Body(classification, "婚姻登记信息", SharingClasses.Conditional, conditions: "依法履职需要"));
        var editor = await EditorAsync(app);

        var draft = await UpdateAsync(editor, key, Body(classification, "婚姻登记基本信息", SharingClasses.Conditional, conditions: "依法履职需要，限于当事人"));

        Assert.Equal((2, "draft", 1), (draft["version"]!.GetValue<int>(), draft["state"]!.GetValue<string>(), draft["publishedVersion"]!.GetValue<int>()));
        Assert.Equal(("婚姻登记信息", 1), ((await PublishedResourceAsync(app, code))!.Name, (await PublishedResourceAsync(app, code))!.Version));
        var reader = await app.SignInStaffAsync([OneWindow.Shared.Security.StaffRoles.WindowOfficer], "ga");
        Assert.Equal("婚姻登记信息", (await Json.GetAsync(reader.Client, $"{Api}/{key}"))["metadata"]!["name"]!.GetValue<string>());
        await Json.ProblemAsync(await reader.Client.GetAsync($"{Api}/{key}?version=2"), 404);

        await ActAsync(editor, key, "submit");
        Assert.Equal(1, (await PublishedResourceAsync(app, code))!.Version);
        await ActAsync(await ReviewerAsync(app), key, "publish");

        var now = await PublishedResourceAsync(app, code);
        Assert.Equal(("婚姻登记基本信息", 2), (now!.Name, now.Version));
        var versions = (JsonArray)await Json.GetAsync(reader.Client, $"{Api}/{key}/versions");
        Assert.Equal(["published", "superseded"], versions.Select(v => v!["state"]!.GetValue<string>()));
        var diff = await Json.GetAsync(reader.Client, $"{Api}/{key}/diff?from=1&to=2");
        var changes = diff["changes"]!.AsArray().ToDictionary(c => c!["path"]!.GetValue<string>(), c => c!["after"]?.GetValue<string>());
        Assert.Equal("婚姻登记基本信息", changes["name"]);
        Assert.Equal("依法履职需要，限于当事人", changes["sharingConditions"]);
        Assert.DoesNotContain(changes.Keys, path => path.StartsWith("items", StringComparison.Ordinal) || path == "classification");
    }

    [Fact]
    public async Task Codes_are_allocated_once_per_resource_in_sequence_per_classification()
    {
        var app = await SharedApps.GetAsync(kind);
        var editor = await EditorAsync(app);
        var classification = NewClassification();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await CreateAsync(editor, Body(classification, "并发资源" + i)))["key"]!.GetValue<string>());
        }

        var codes = await Task.WhenAll(ids.Select(async id => (await ActAsync(editor, id, "submit"))["code"]!.GetValue<string>()));

        Assert.Equal(Enumerable.Range(1, 4).Select(n => $"{classification}/{n:D6}"), codes.Order());
        var other = await CreateAsync(editor, Body(NewClassification() + "1", "细目资源"));
        Assert.EndsWith("/000001", (await ActAsync(editor, other["key"]!.GetValue<string>(), "submit"))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_metadata_is_refused_field_by_field_and_nothing_is_saved()
    {
        var app = await SharedApps.GetAsync(kind);
        var editor = await EditorAsync(app);
        var c = NewClassification();
        var duplicate = new object[] { new { key = "name", name = "姓名", type = "string", mask = "name" }, new { key = "name", name = "名称", type = "string", mask = "none" } };
        var cases = new (object Body, string Field)[]
        {
            (Body(c, sharingClass: SharingClasses.Conditional), "sharingConditions"),
            (Body(c, sharingClass: SharingClasses.NotShared), "notSharedBasis"),
            (Body(c, items: duplicate), "items[1].key"),
            (Body(c, items: [new { key = "IdNumber", name = "号码", type = "string", mask = "none" }]), "items[0].key"),
            (Body(c, items: [new { key = "a", name = "甲", type = "text", mask = "none" }]), "items[0].type"),
            (Body(c, subject: "creditCode"), "subjectItem"),
            (Body(c, related: ["399999/999999"]), "relatedCodes"),
            (Body("401001"), "classification"),
            (Body("10100"), "classification"),
            (Body(c, days: 31), "decisionWorkingDays"),
            (Body(c, provider: "no-such-department"), "providerDepartment"),
        };
        foreach (var (body, field) in cases)
        {
            var problem = await Json.ProblemAsync(await Json.PostAsync(editor, Api, body), 400);
            Assert.True(problem["errors"]?[field] != null, $"{field}: {problem}");
        }

        Assert.Equal(0, await app.QueryAsync<OneWindow.DataCatalog.Data.DataCatalogDbContext, int>(db =>
            db.Resources.CountAsync(r => r.Classification == c)));
    }

    [Fact]
    public async Task A_reviewer_cannot_publish_a_version_they_submitted()
    {
        var app = await SharedApps.GetAsync(kind);
        var dataAdmin = await ReviewerAsync(app);
        var created = await CreateAsync(dataAdmin, Body(NewClassification(), "数据管理员登记的资源", provider: "mz"));
        var key = (await ActAsync(dataAdmin, created["key"]!.GetValue<string>(), "submit"))["key"]!.GetValue<string>();

        var own = await Json.ProblemAsync(await Json.PostAsync(dataAdmin, $"{Api}/{key}/publish", new { }), 403);

        Assert.Equal("datacatalog.own_submission", own["code"]!.GetValue<string>());
        await ActAsync(await ReviewerAsync(app), key, "publish");
    }

    [Fact]
    public async Task Roles_regions_and_scopes_bound_who_reads_edits_and_reviews()
    {
        var app = await SharedApps.GetAsync(kind);
        var editor = await EditorAsync(app);
        var created = await CreateAsync(editor, Body(NewClassification(), "范围测试资源"));
        var id = created["key"]!.GetValue<string>();

        // A draft is hidden from other departments' staff; another department's admin may not edit or create for mz.
        var gaAdmin = await EditorAsync(app, "ga");
        await Json.ProblemAsync(await gaAdmin.GetAsync($"{Api}/{id}"), 404);
        await Json.ProblemAsync(await Json.PostAsync(gaAdmin, Api, Body(NewClassification(), provider: "mz")), 403);
        var key = (await ActAsync(editor, id, "submit"))["key"]!.GetValue<string>();
        await Json.ProblemAsync(await Json.PostAsync(editor, $"{Api}/{key}/publish", new { }), 403);

        // A data admin of another city does not reach 合肥 departments.
        var otherCity = await OneWindow.Tests.Catalog.AdminTestKit.NewDepartmentAsync(app, "340200");
        var farReviewer = await ReviewerAsync(app, "340200", otherCity.Key);
        await Json.ProblemAsync(await Json.PostAsync(farReviewer, $"{Api}/{key}/publish", new { }), 404);
        await ActAsync(await ReviewerAsync(app), key, "publish");
        await Json.ProblemAsync(await Json.PostAsync(farReviewer, $"{Api}/{key}/return", new { reason = "不在辖区" }), 403);

        // Citizens and anonymous callers have no business here; a read token reads but does not write.
        await Json.ProblemAsync(await (await CitizenKit.SignedInAsync(app, await CitizenKit.RegisterAsync(app))).GetAsync(Api), 403);
        await Json.ProblemAsync(await app.Anonymous().GetAsync(Api), 401);
        var reading = await SystemAsync(app, "data.resources.read");
        Assert.Equal(HttpStatusCode.OK, (await reading.GetAsync($"{Api}/{key}")).StatusCode);
        await Json.ProblemAsync(await Json.PostAsync(reading, Api, Body(NewClassification())), 403);
        var writing = await SystemAsync(app, "data.resources.write");
        Assert.Equal(HttpStatusCode.Created, (await Json.PostAsync(writing, Api, Body(NewClassification(), "部门系统登记的资源"))).StatusCode);
        await Json.ProblemAsync(await Json.PostAsync(writing, $"{Api}/{key}/publish", new { }), 403);
    }

    [Fact]
    public async Task Search_finds_published_resources_by_words_pinyin_and_initials_with_filters()
    {
        var app = await SharedApps.GetAsync(kind);
        var reader = await EditorAsync(app, "ga");
        async Task<List<string>> Names(string query) =>
            (await Json.GetAsync(reader, $"{Api}?{query}&pageSize=100"))["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();

        Assert.Contains("养老机构名录", await Names("q=养老"));
        Assert.Contains("养老机构名录", await Names("q=yanglao"));
        Assert.Contains("养老机构名录", await Names("q=ylj"));
        Assert.Contains("人口基础信息", await Names("q=idNumber"));
        Assert.Contains("人口基础信息", await Names("q=公民身份号码&sharing=conditional"));
        Assert.DoesNotContain("养老机构名录", await Names("q=养老&sharing=conditional"));
        Assert.DoesNotContain("养老机构名录", await Names("q=养老&open=not_open"));
        var mz = await app.QueryAsync<OneWindow.Catalog.Data.CatalogDbContext, long>(db =>
            db.Departments.Where(d => d.Key == "mz").Select(d => d.Id).SingleAsync());
        Assert.DoesNotContain("社会保险参保信息", await Names($"department={mz}"));
        Assert.Contains("养老机构名录", await Names($"department={mz}"));
        await Json.ProblemAsync(await reader.GetAsync($"{Api}?sharing=sometimes"), 400);
        await Json.ProblemAsync(await reader.GetAsync($"{Api}?pageSize=1000"), 400);

        var first = await Json.GetAsync(reader, $"{Api}?pageSize=2");
        var second = await Json.GetAsync(reader, $"{Api}?pageSize=2&after={first["nextCursor"]!.GetValue<string>()}");
        Assert.Empty(first["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).Intersect(second["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>())));
    }

    [Fact]
    public async Task The_published_catalogue_exports_as_csv_with_bom_and_as_json()
    {
        var app = await SharedApps.GetAsync(kind);
        var reader = await EditorAsync(app, "ga");

        var csv = await reader.GetAsync($"{Api}/export.csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n');
        Assert.StartsWith("资源代码,资源名称,资源分类,提供方", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(BuiltInResources.Persons + ",人口基础信息,101001,", StringComparison.Ordinal));

        var json = (JsonArray)JsonNode.Parse(await reader.GetStringAsync($"{Api}/export.json"))!;
        var persons = json.Single(r => r!["code"]!.GetValue<string>() == BuiltInResources.Persons)!;
        Assert.Equal("idNumber", persons["metadata"]!["subjectItem"]!.GetValue<string>());
        Assert.Equal(lines.Count(l => l.Length > 0) - 1, json.Count);
    }

    [Fact]
    public async Task The_base_registries_and_licence_library_are_registered_from_the_start()
    {
        var app = await SharedApps.GetAsync(kind);

        var persons = await PublishedResourceAsync(app, BuiltInResources.Persons);
        var legal = await PublishedResourceAsync(app, BuiltInResources.LegalPersons);
        var licences = await PublishedResourceAsync(app, BuiltInResources.Licences);

        Assert.Equal((ResourceHoldings.PersonRegistry, "idNumber", ItemMasks.IdNumber), (persons!.Holding, persons.SubjectItem, persons.Item("idNumber")!.Mask));
        Assert.Equal((ItemMasks.Name, ItemMasks.Address, ItemMasks.Date, ItemMasks.None), (persons.Item("name")!.Mask, persons.Item("householdAddress")!.Mask,
            persons.Item("deathDate")!.Mask, persons.Item("gender")!.Mask));
        Assert.Equal((ResourceHoldings.LegalPersonRegistry, "creditCode", ItemMasks.Name), (legal!.Holding, legal.SubjectItem, legal.Item("legalRepresentative")!.Mask));
        Assert.Equal((ResourceHoldings.LicenceLibrary, "holderCode", ItemMasks.IdNumber), (licences!.Holding, licences.SubjectItem, licences.Item("holderCode")!.Mask));
        Assert.All(new[] { persons, legal, licences }, r =>
        {
            Assert.Equal((SharingClasses.Conditional, "依法履职需要，限于办理业务的当事人", OpenClasses.NotOpen, 1), (r.SharingClass, r.SharingConditions, r.OpenClass, r.Version));
        });
        var all = await PublishedManyAsync(app, [BuiltInResources.Persons, BuiltInResources.Licences, "399999/000001"]);
        Assert.Equal([BuiltInResources.Persons, BuiltInResources.Licences], all.Keys.Order());
    }
}

public sealed class DataCatalogTestsOnSqlite() : DataCatalogTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class DataCatalogTestsOnPostgres() : DataCatalogTests(DbKind.Postgres);
