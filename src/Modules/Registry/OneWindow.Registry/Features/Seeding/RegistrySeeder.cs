using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Startup;

namespace OneWindow.Registry.Features.Seeding;

/// <summary>A source as seeded: key, names, kind, the catalogue department key (null: not in the catalogue) and fields.</summary>
public sealed record SourceSeed(string Key, string Name, string NameEn, string Kind, string? DepartmentKey, IReadOnlyList<string> Fields);

/// <summary>
/// Reference data, in every environment: the six sources and the default golden-record rules. Missing sources and
/// rules are added; existing rules are never overwritten (a data_admin may have changed them). A source whose
/// department was not in the catalogue yet is linked when it appears. 编办 (bb-institution) has no catalogue
/// department, so its department stays null and only data_admin staff can feed it.
/// </summary>
public sealed class RegistrySeeder(RegistryDbContext db, IOrganisationDirectory organisation, RegistryOptions options, TimeProvider clock) : IStartupTask
{
    public const string Actor = "seed";

    public string Name => "registry.sources";

    public IReadOnlyCollection<string> After => ["catalog.seed"];

    private static readonly string[] PersonAll = RegistryFields.Person.Select(f => f.Key).ToArray();
    private static readonly string[] LegalAll = RegistryFields.LegalPerson.Select(f => f.Key).ToArray();

    public static readonly IReadOnlyList<SourceSeed> Sources =
    [
        new("ga-hukou", "市公安局户籍系统", "Municipal Public Security Bureau household registration system", RegistryRecord.Person, "ga", PersonAll),
        new("wjw-birth", "市卫生健康委出生医学证明系统", "Municipal Health Commission birth certificate system", RegistryRecord.Person, "wjw", ["name", "gender", "birthDate"]),
        new("mz-marriage", "市民政局婚姻登记系统", "Municipal Civil Affairs Bureau marriage registration system", RegistryRecord.Person, "mz", ["maritalStatus", "name"]),
        new("sc-register", "市市场监管局企业登记系统", "Municipal Market Regulation enterprise registration system", RegistryRecord.LegalPerson, "gs", LegalAll),
        new("mz-org", "市民政局社会组织登记", "Municipal Civil Affairs Bureau social organisation registration", RegistryRecord.LegalPerson, "mz", LegalAll),
        new("bb-institution", "市委编办事业单位登记", "Municipal Establishment Office public institution registration", RegistryRecord.LegalPerson, null, LegalAll),
    ];

    /// <summary>Default rules: (kind, field, strategy, priority tiers).</summary>
    public static readonly IReadOnlyList<(string Kind, string Field, string Strategy, string Priority)> DefaultRules =
    [
        (RegistryRecord.Person, "name", RuleStrategies.Priority, "ga-hukou>mz-marriage>wjw-birth"),
        (RegistryRecord.Person, "gender", RuleStrategies.Priority, "ga-hukou>wjw-birth"),
        // A birth date never changes: any disagreement between 公安 and 卫健委 goes to a steward.
        (RegistryRecord.Person, "birthDate", RuleStrategies.Steward, ""),
        (RegistryRecord.Person, "ethnicity", RuleStrategies.Priority, "ga-hukou"),
        (RegistryRecord.Person, "householdRegion", RuleStrategies.Priority, "ga-hukou"),
        (RegistryRecord.Person, "householdAddress", RuleStrategies.Priority, "ga-hukou"),
        (RegistryRecord.Person, "maritalStatus", RuleStrategies.Priority, "mz-marriage>ga-hukou"),
        (RegistryRecord.Person, "deathDate", RuleStrategies.Priority, "ga-hukou"),
        (RegistryRecord.LegalPerson, "name", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "kind", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "legalRepresentative", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "registeredCapital", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "establishedOn", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "address", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "regionCode", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        (RegistryRecord.LegalPerson, "businessScope", RuleStrategies.Priority, "sc-register>mz-org>bb-institution"),
        // Deregistration and revocation are events: the latest report wins.
        (RegistryRecord.LegalPerson, "status", RuleStrategies.Newest, ""),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var existing = await db.Sources.ToDictionaryAsync(s => s.Key, cancellationToken);
        foreach (var seed in Sources)
        {
            var department = seed.DepartmentKey == null ? null : await organisation.DepartmentByKeyAsync(seed.DepartmentKey, cancellationToken);
            if (!existing.TryGetValue(seed.Key, out var source))
            {
                db.Sources.Add(new RegistrySource
                {
                    Key = seed.Key, Name = seed.Name, NameEn = seed.NameEn, Kind = seed.Kind, DepartmentId = department?.Id,
                    RegionCode = department?.RegionCode ?? options.RegionCode, Fields = string.Join(',', seed.Fields), Active = true,
                });
            }
            else if (source.DepartmentId == null && department != null)
            {
                source.DepartmentId = department.Id;
                source.RegionCode = department.RegionCode;
            }
        }

        var rules = await db.Rules.Select(r => new { r.Kind, r.Field }).ToListAsync(cancellationToken);
        foreach (var (kind, field, strategy, priority) in DefaultRules.Where(d => !rules.Any(r => r.Kind == d.Kind && r.Field == d.Field)))
        {
            db.Rules.Add(new FieldRule { Kind = kind, Field = field, Strategy = strategy, Priority = priority, UpdatedBy = Actor, UpdatedAt = now });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (Shared.Data.UniqueViolation.Is(e))
        {
            // Another node seeded at the same moment.
        }
    }
}
