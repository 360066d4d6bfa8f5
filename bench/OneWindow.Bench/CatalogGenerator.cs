using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Catalog;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Search;
using OneWindow.Catalog.Features.Seeding;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Bench;

/// <summary>
/// Fills a database with a synthetic but realistic published catalogue: the schema and demo city exactly as the host
/// makes them (migrations + CatalogSeeder), departments for every Anhui prefecture and county, then N items built
/// from the demo guides with composed names, a Zipf popularity and search rows from the real SearchIndexer.
/// Deterministic for a given seed.
/// </summary>
internal sealed class CatalogGenerator(string connectionString, int itemCount, int seed)
{
    private readonly DatabaseSettings settings = new(connectionString);
    private readonly Random random = new(seed);
    private readonly TimeProvider clock = TimeProvider.System;

    public async Task RunAsync()
    {
        var started = clock.GetTimestamp();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(clock)
            .AddSingleton(settings)
            .AddSingleton<MigrationRunner>()
            .AddCatalogModule(settings, new CatalogSeedOptions { DemoData = true })
            .BuildServiceProvider();

        await using (var scope = services.CreateAsyncScope())
        {
            var applied = await scope.ServiceProvider.GetRequiredService<MigrationRunner>().ApplyAsync();
            foreach (var task in StartupOrder.Sort(scope.ServiceProvider.GetServices<IStartupTask>()))
            {
                await task.RunAsync(CancellationToken.None);
            }

            Console.WriteLine($"Schema ready ({applied} scripts applied), reference and demo data seeded: {Elapsed(started)}");
        }

        await using var scope2 = services.CreateAsyncScope();
        var db = scope2.ServiceProvider.GetRequiredService<CatalogDbContext>();
        var existing = await db.SearchEntries.CountAsync();
        var toGenerate = itemCount - existing;
        if (toGenerate <= 0)
        {
            Console.WriteLine($"The catalogue already holds {existing} published items; nothing to generate.");
            return;
        }

        var templates = LoadTemplates();
        var departments = await EnsureDepartmentsAsync(db);
        Console.WriteLine($"{departments.Count} departments: {Elapsed(started)}");

        var plan = Plan(templates, departments, toGenerate, await NextIdsAsync(db));
        Console.WriteLine($"Planned {plan.Items.Count} items ({plan.Basics.Count} basic items): {Elapsed(started)}");

        var loadStarted = clock.GetTimestamp();
        await using (var sink = settings.Provider == DatabaseProvider.Postgres
                         ? (RowSink)new PostgresRowSink(connectionString)
                         : new SqliteRowSink(connectionString))
        {
            await sink.OpenAsync();
            await WriteAsync(sink, plan, templates, departments);
            await sink.FinishAsync();
        }

        Console.WriteLine($"Inserted {plan.Items.Count} items in {Elapsed(loadStarted)} (total {Elapsed(started)})");
    }

    private string Elapsed(long since) => clock.GetElapsedTime(since).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    // ---- templates and departments ----

    internal sealed record Template(string DepartmentKey, string Kind, ItemGuide Guide, string GuideJson);

    private static List<Template> LoadTemplates()
    {
        var assembly = typeof(CatalogSeeder).Assembly;
        var templates = new List<Template>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".DemoData.items-", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var key = element.GetProperty("department").GetString()!;
                var guide = element.Deserialize<ItemGuide>(ItemGuide.JsonOptions)!;
                templates.Add(new Template(key, Vocabulary.KindOf(key), guide, guide.ToJson()));
            }
        }

        return templates;
    }

    internal sealed record Dept(Department Department, string Kind, int ExerciseLevel);

    /// <summary>Every Anhui prefecture gets the city departments, every county the county ones: about 2,000
    /// agencies, so the same basic item is implemented many times as on a provincial portal.</summary>
    private static async Task<List<Dept>> EnsureDepartmentsAsync(CatalogDbContext db)
    {
        var demo = await db.Departments.AsNoTracking().ToListAsync();
        var hefei = demo.Where(d => d.RegionCode == "340100").ToDictionary(d => d.Key);
        var regions = await db.Regions.AsNoTracking()
            .Where(r => r.Code.StartsWith("34") && r.Level >= 2 && !r.Withdrawn && r.Code != "340100")
            .OrderBy(r => r.Code).ToListAsync();
        var existingKeys = demo.Select(d => d.Key).ToHashSet();
        var order = demo.Count;
        var kinds = Vocabulary.Nouns.Keys.ToList();
        foreach (var region in regions)
        {
            var countyKinds = region.Level == 3 ? Vocabulary.CountyKinds : kinds.ToArray();
            foreach (var kind in countyKinds)
            {
                var key = $"{kind}-{region.Code}";
                if (existingKeys.Contains(key) || !hefei.TryGetValue(kind, out var model))
                {
                    continue;
                }

                order++;
                var suffix = model.Name.Replace("合肥市", "", StringComparison.Ordinal);
                db.Departments.Add(new Department
                {
                    Key = key,
                    Name = region.Name + suffix,
                    NameEn = region.Code + " " + model.NameEn.Replace("Hefei ", "", StringComparison.Ordinal),
                    CreditCode = UnifiedSocialCreditCode.Compose('1', '1', region.Code, "1" + (kinds.IndexOf(kind) + 1).ToString("D3", CultureInfo.InvariantCulture) + (order % 10000).ToString("D4", CultureInfo.InvariantCulture)),
                    RegionCode = region.Code,
                    Description = $"{region.Name}{suffix}在政务服务网开设的部门窗口，集中提供本部门依申请办理的政务服务事项的办事指南、在线申报和进度查询。",
                    Phone = "0551-6" + (3500000 + order).ToString(CultureInfo.InvariantCulture),
                    Address = region.Name + "政务服务中心",
                    Hours = model.Hours,
                    SortOrder = order,
                });
            }
        }

        await db.SaveChangesAsync();
        var all = await db.Departments.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
        return all.Select(d => new Dept(d, d.Key.Contains('-', StringComparison.Ordinal) ? d.Key[..d.Key.IndexOf('-', StringComparison.Ordinal)] : Vocabulary.KindOf(d.Key),
            Region.LevelOf(d.RegionCode) == 3 ? 4 : 3)).ToList();
    }

    // ---- planning: names, codes, popularity (small, in memory) ----

    internal sealed record BasicSpec(long Id, string BaseCode, string Name, string ItemType, string LegalBasisJson);

    internal sealed record ItemSpec(long Id, long BasicId, int Dept, int Template, string Name, string ResultName, string[] Keywords, long Popularity, bool Suspended, long VersionId, long EventId);

    internal sealed record PlanResult(List<BasicSpec> Basics, List<ItemSpec> Items);

    private sealed record Ids(long Basic, long Item, long Version, long Event);

    private static async Task<Ids> NextIdsAsync(CatalogDbContext db) => new(
        (await db.BasicItems.MaxAsync(x => (long?)x.Id) ?? 0) + 1,
        (await db.ServiceItems.MaxAsync(x => (long?)x.Id) ?? 0) + 1,
        (await db.ItemVersions.MaxAsync(x => (long?)x.Id) ?? 0) + 1,
        (await db.ItemEvents.MaxAsync(x => (long?)x.Id) ?? 0) + 1);

    private PlanResult Plan(List<Template> templates, List<Dept> departments, int count, Ids ids)
    {
        var byKind = templates.Select((t, i) => (t, i)).GroupBy(x => x.t.Kind).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        var usable = departments.Select((d, i) => (d, i)).Where(x => byKind.ContainsKey(x.d.Kind) && Vocabulary.Nouns.ContainsKey(x.d.Kind)).ToArray();

        // City agencies carry more items than county ones.
        var weights = usable.Select(x => x.d.ExerciseLevel == 3 ? 2.0 : 1.0).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        // Zipf popularity: rank r gets ~ C / r^0.9, ranks shuffled over the items. Names that are a demo item's own
        // name (the everyday services: 身份证, 护照, 社保卡) are pushed up.
        var ranks = Enumerable.Range(1, count).ToArray();
        random.Shuffle(ranks);

        var basics = new List<BasicSpec>();
        var basicByName = new Dictionary<string, long>(StringComparer.Ordinal);
        var seen = new HashSet<(int, string)>();
        var items = new List<ItemSpec>(count);
        var nextBasic = ids.Basic;
        for (var n = 0; n < count; n++)
        {
            var pick = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            var (dept, deptIndex) = usable[pick < 0 ? ~pick : pick];
            var kindTemplates = byKind[dept.Kind];
            var templateIndex = kindTemplates[random.Next(kindTemplates.Length)];
            var template = templates[templateIndex].Guide;

            string name, resultName;
            var plain = false;
            for (var attempt = 0; ; attempt++)
            {
                (name, resultName, plain) = ComposeName(template, dept, attempt);
                if (seen.Add((deptIndex, name)))
                {
                    break;
                }
            }

            if (!basicByName.TryGetValue(name, out var basicId))
            {
                basicId = nextBasic++;
                basicByName[name] = basicId;
                basics.Add(new BasicSpec(basicId, "9" + basicId.ToString("D11", CultureInfo.InvariantCulture), name, template.ItemType,
                    JsonSerializer.Serialize(template.LegalBasis, ItemGuide.JsonOptions)));
            }

            var popularity = (long)(1_000_000 / Math.Pow(ranks[n], 0.9) * (plain ? 3 : 1)) + random.Next(0, 20);
            var keywords = template.Keywords.Take(2).Append(name.Split('（')[0]).Distinct().ToArray();
            items.Add(new ItemSpec(ids.Item + n, basicId, deptIndex, templateIndex, name, resultName, keywords, popularity,
                random.NextDouble() < 0.01, ids.Version + n, ids.Event + n));
        }

        return new PlanResult(basics, items);
    }

    private (string Name, string ResultName, bool Plain) ComposeName(ItemGuide template, Dept dept, int attempt)
    {
        var roll = random.NextDouble();
        if (attempt == 0 && roll < 0.25)
        {
            return (template.Name, template.Result.Name, true);
        }

        if (roll < 0.45)
        {
            var baseName = template.Name.Split('（')[0];
            var qualified = baseName + Vocabulary.Qualifiers[random.Next(Vocabulary.Qualifiers.Length)];
            return (attempt > 3 ? qualified + "（" + (attempt - 3).ToString(CultureInfo.InvariantCulture) + "）" : qualified, template.Result.Name, false);
        }

        var nouns = Vocabulary.Nouns[dept.Kind];
        var noun = nouns[random.Next(nouns.Length)];
        var action = Vocabulary.Actions[random.Next(Vocabulary.Actions.Length)];
        var name = noun + action;
        if (random.NextDouble() < 0.08)
        {
            // Some lists name the place in the item (肥西县取水许可), which also puts place names into the index.
            name = dept.Department.Name[..Math.Min(3, dept.Department.Name.Length)] + name;
        }

        if (attempt > 0 || random.NextDouble() < 0.2)
        {
            name += Vocabulary.Qualifiers[random.Next(Vocabulary.Qualifiers.Length)];
        }

        if (attempt > 3)
        {
            name += "（" + (attempt - 3).ToString(CultureInfo.InvariantCulture) + "）";
        }

        var result = action switch
        {
            "许可" or "许可延续" => noun + "许可证",
            "登记" or "变更登记" or "注销登记" => noun + "登记证明",
            "备案" => noun + "备案回执",
            "证明开具" => noun + "证明",
            _ when action.StartsWith('证') => noun.EndsWith('证') ? noun : noun + "证",
            _ => noun + "审批决定书",
        };
        return (name.Length > 100 ? name[..100] : name, result, false);
    }

    // ---- writing ----

    private async Task WriteAsync(RowSink sink, PlanResult plan, List<Template> templates, List<Dept> departments)
    {
        var now = clock.GetUtcNow();
        await sink.BeginAsync("catalog_basic_items", "id", "base_code", "name", "item_type", "legal_basis_json", "created_at");
        foreach (var b in plan.Basics)
        {
            await sink.RowAsync(b.Id, b.BaseCode, b.Name, b.ItemType, b.LegalBasisJson, now);
        }

        await sink.EndAsync();

        await sink.BeginAsync("catalog_service_items", "id", "basic_item_id", "implementation_code", "department_id", "region_code", "publication",
            "published_version", "latest_version", "publication_reason", "popularity", "created_at", "updated_at", "revision");
        foreach (var item in plan.Items)
        {
            var dept = departments[item.Dept];
            await sink.RowAsync(item.Id, item.BasicId, ImplementationCode(item, dept), dept.Department.Id, dept.Department.RegionCode,
                (int)(item.Suspended ? PublicationState.Suspended : PublicationState.Published), 1, 1,
                item.Suspended ? "系统升级改造，暂停受理" : null, item.Popularity, now, now, 0);
        }

        await sink.EndAsync();

        await sink.BeginAsync("catalog_item_versions", "id", "service_item_id", "version_no", "state", "name", "guide_json", "change_note", "created_by",
            "created_at", "updated_at", "reviewed_by", "reviewed_at", "review_comment", "published_at");
        foreach (var item in plan.Items)
        {
            var guide = GuideFor(item, templates, departments);
            await sink.RowAsync(item.VersionId, item.Id, 1, (int)VersionState.Published, item.Name, guide.ToJson(), "批量导入", "system",
                now, now, "system", now, null, now);
        }

        await sink.EndAsync();

        await sink.BeginAsync("catalog_item_events", "id", "service_item_id", "version_no", "action", "actor", "comment", "at");
        foreach (var item in plan.Items)
        {
            await sink.RowAsync(item.EventId, item.Id, 1, "imported", "system", "批量导入", now);
        }

        await sink.EndAsync();

        await sink.BeginAsync("catalog_search", "service_item_id", "version_no", "name", "implementation_code", "department_id", "region_code", "item_type",
            "targets", "online_depth", "promised_days", "visits", "summary", "suspended", "popularity", "tokens");
        foreach (var item in plan.Items)
        {
            var dept = departments[item.Dept];
            var guide = GuideFor(item, templates, departments);
            var serviceItem = new ServiceItem
            {
                Id = item.Id,
                BasicItemId = item.BasicId,
                ImplementationCode = ImplementationCode(item, dept),
                DepartmentId = dept.Department.Id,
                RegionCode = dept.Department.RegionCode,
                Publication = item.Suspended ? PublicationState.Suspended : PublicationState.Published,
                Popularity = item.Popularity,
            };
            var e = SearchIndexer.Build(serviceItem, 1, guide, dept.Department);
            await sink.RowAsync(e.ServiceItemId, e.VersionNo, e.Name, e.ImplementationCode, e.DepartmentId, e.RegionCode, e.ItemType, e.Targets,
                e.OnlineDepth, e.PromisedDays, e.Visits, e.Summary, e.Suspended, e.Popularity, e.Tokens);
        }

        await sink.EndAsync();
    }

    private static string ImplementationCode(ItemSpec item, Dept dept) =>
        ServiceItem.BuildImplementationCode(dept.Department.CreditCode, dept.ExerciseLevel, "9" + item.BasicId.ToString("D11", CultureInfo.InvariantCulture));

    /// <summary>The template's guide with this item's identity. The template object is reused (single-threaded) so
    /// 100,000 guides do not mean 100,000 deserializations; every field that differs is set on each call.</summary>
    private static ItemGuide GuideFor(ItemSpec item, List<Template> templates, List<Dept> departments)
    {
        var dept = departments[item.Dept];
        var guide = templates[item.Template].Guide;
        guide.Name = item.Name;
        guide.BaseCode = "9" + item.BasicId.ToString("D11", CultureInfo.InvariantCulture);
        guide.ExerciseLevel = dept.ExerciseLevel;
        guide.Keywords = [.. item.Keywords];
        guide.Result.Name = item.ResultName;
        guide.Summary = $"{dept.Department.Name}办理“{item.Name}”。";
        foreach (var location in guide.Locations)
        {
            location.Name = dept.Department.Name + "窗口";
            location.Address = dept.Department.Address;
        }

        return guide;
    }

    internal static object ToSqlite(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset d => d.UtcTicks, // the SQLite form of every module (SqliteDateTimes)
        bool b => b ? 1 : 0,
        string[] tokens => string.Join(' ', tokens),
        _ => value,
    };
}
