using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Catalog.Features.Search;
using OneWindow.Catalog.Features.Regions;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Startup;

namespace OneWindow.Catalog.Features.Seeding;

public sealed class CatalogSeedOptions
{
    /// <summary>Load the demo city (Hefei) departments and items into an empty catalogue. Off in production.</summary>
    public bool DemoData { get; set; } = true;
}

/// <summary>
/// Loads reference data (GB/T 2260 divisions) into an empty database, and the demo city when enabled. Runs after
/// migrations on every node; a database lock plus the emptiness checks make it happen once.
/// </summary>
public sealed class CatalogSeeder(CatalogDbContext db, RegionImporter regions, CatalogSeedOptions options, TimeProvider clock, ILogger<CatalogSeeder> logger) : IStartupTask
{
    public string Name => "catalog.seed";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4242001)", cancellationToken);
        }

        if (!await db.Regions.AnyAsync(cancellationToken))
        {
            using var stream = Resource("gb2260-mca-201904.tsv");
            var report = await regions.ImportAsync(stream, "system", cancellationToken);
            logger.LogInformation("Seeded {Count} GB/T 2260 divisions", report.Added);
        }

        if (options.DemoData && !await db.Departments.AnyAsync(cancellationToken))
        {
            var departments = await SeedDepartmentsAsync(cancellationToken);
            var count = await SeedItemsAsync(departments, cancellationToken);
            logger.LogInformation("Seeded demo catalogue: {Departments} departments, {Items} items", departments.Count, count);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<Dictionary<string, Department>> SeedDepartmentsAsync(CancellationToken ct)
    {
        using var stream = Resource("departments.json");
        var rows = await JsonSerializer.DeserializeAsync<List<DemoDepartment>>(stream, ItemGuide.JsonOptions, ct) ?? [];
        var departments = new Dictionary<string, Department>();
        var order = 0;
        foreach (var row in rows)
        {
            var department = new Department
            {
                Key = row.Key,
                Name = row.Name,
                NameEn = row.NameEn,
                // 1 = 机构编制 registration authority, 1 = 机关 category.
                CreditCode = UnifiedSocialCreditCode.Compose('1', '1', row.RegionCode, row.OrgBody),
                RegionCode = row.RegionCode,
                Description = row.Description,
                Phone = row.Phone,
                Address = row.Address,
                Hours = row.Hours,
                SortOrder = ++order,
            };
            db.Departments.Add(department);
            departments[row.Key] = department;
        }

        await db.SaveChangesAsync(ct);
        return departments;
    }

    private async Task<int> SeedItemsAsync(Dictionary<string, Department> departments, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var demo = new List<(DemoItemHeader Header, ItemGuide Guide)>();
        foreach (var name in typeof(CatalogSeeder).Assembly.GetManifestResourceNames().Where(n => n.Contains(".DemoData.items-", StringComparison.Ordinal)).Order())
        {
            using var stream = typeof(CatalogSeeder).Assembly.GetManifestResourceStream(name)!;
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                demo.Add((element.Deserialize<DemoItemHeader>(ItemGuide.JsonOptions)!, element.Deserialize<ItemGuide>(ItemGuide.JsonOptions)!));
            }
        }

        var basics = new List<BasicItem>();
        foreach (var (header, guide) in demo)
        {
            var errors = GuideValidator.Validate(guide);
            if (!errors.IsValid)
            {
                throw new InvalidOperationException($"Demo item {header.Key} is invalid: {string.Join("; ", errors.All.Select(e => e.Key + ": " + e.Value[0]))}");
            }

            basics.Add(db.BasicItems.Add(new BasicItem
            {
                BaseCode = guide.BaseCode,
                Name = guide.Name,
                ItemType = guide.ItemType,
                LegalBasisJson = JsonSerializer.Serialize(guide.LegalBasis, ItemGuide.JsonOptions),
                CreatedAt = now,
            }).Entity);
        }

        await db.SaveChangesAsync(ct);
        var items = new List<(ServiceItem Item, ItemGuide Guide, Department Department)>();
        for (var i = 0; i < demo.Count; i++)
        {
            var (header, guide) = demo[i];
            var department = departments[header.Department];
            var item = db.ServiceItems.Add(new ServiceItem
            {
                BasicItemId = basics[i].Id,
                ImplementationCode = ServiceItem.BuildImplementationCode(department.CreditCode, guide.ExerciseLevel, guide.BaseCode),
                DepartmentId = department.Id,
                RegionCode = department.RegionCode,
                Publication = PublicationState.Published,
                PublishedVersion = 1,
                LatestVersion = 1,
                // Demo popularity: a stable spread so "popular services" and ranking have something to show.
                Popularity = DemoPopularity(header.Key, guide),
                CreatedAt = now,
                UpdatedAt = now,
            }).Entity;
            items.Add((item, guide, department));
        }

        await db.SaveChangesAsync(ct);
        foreach (var (item, guide, department) in items)
        {
            var version = CatalogEditor.NewVersion(item.Id, 1, guide, CatalogActor.System, now);
            version.State = VersionState.Published;
            version.ReviewedBy = "system";
            version.ReviewedAt = now;
            version.PublishedAt = now;
            version.ChangeNote = "演示数据导入";
            db.ItemVersions.Add(version);
            db.ItemEvents.Add(CatalogEditor.Event(item.Id, 1, "imported", CatalogActor.System, "演示数据导入", now));
            db.SearchEntries.Add(SearchIndexer.Build(item, 1, guide, department));
        }

        await db.SaveChangesAsync(ct);
        await SeedWorkInProgressAsync(items, now, ct);
        return items.Count;
    }

    /// <summary>A few items with a newer version in review, so the back office has work to show.</summary>
    private async Task SeedWorkInProgressAsync(List<(ServiceItem Item, ItemGuide Guide, Department Department)> items, DateTimeOffset now, CancellationToken ct)
    {
        var states = new[] { VersionState.Draft, VersionState.Submitted, VersionState.Approved };
        for (var i = 0; i < Math.Min(states.Length, items.Count); i++)
        {
            var (item, guide, _) = items[i * 7 % items.Count];
            var revised = guide.Clone();
            revised.PromisedDays = Math.Max(0, guide.PromisedDays - 1);
            revised.TimeLimitNote = guide.TimeLimitNote + "（拟压缩承诺时限1个工作日）";
            var version = CatalogEditor.NewVersion(item.Id, 2, revised, CatalogActor.System, now);
            version.State = states[i];
            version.ChangeNote = "压缩承诺办结时限";
            db.ItemVersions.Add(version);
            item.LatestVersion = 2;
            db.ItemEvents.Add(CatalogEditor.Event(item.Id, 2, "edited", CatalogActor.System, "压缩承诺办结时限", now));
        }

        await db.SaveChangesAsync(ct);
    }

    private static long DemoPopularity(string key, ItemGuide guide)
    {
        var hash = 0u;
        foreach (var c in key)
        {
            hash = (hash * 31) + c;
        }

        return (hash % 400) + (guide.Targets.Contains(1) ? 200 : 0);
    }

    private static Stream Resource(string fileName)
    {
        var assembly = typeof(CatalogSeeder).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".DemoData." + fileName, StringComparison.Ordinal));
        return assembly.GetManifestResourceStream(name)!;
    }

    private sealed record DemoDepartment(string Key, string Name, string NameEn, string RegionCode, string OrgBody, string Phone, string Address, string Hours, string Description);

    private sealed record DemoItemHeader(string Key, string Department);
}
