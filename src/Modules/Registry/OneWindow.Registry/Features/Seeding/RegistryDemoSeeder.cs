using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Registry.Data;
using OneWindow.Registry.Features.Ingest;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Demo;
using OneWindow.Shared.Startup;

namespace OneWindow.Registry.Features.Seeding;

/// <summary>
/// Demo data (only with Catalog:Seed:DemoData): the demo persons and enterprise fed by two sources each through the
/// ordinary ingest, with one deliberate conflict (wjw-birth and ga-hukou disagree on 李梅's birth date), ~200
/// generated persons and one refused batch so the quality page has figures. Runs once: skipped when any record exists.
/// </summary>
public sealed class RegistryDemoSeeder(RegistryDbContext db, RegistryIngest ingest, RegistryOptions options, TimeProvider clock, ILogger<RegistryDemoSeeder> logger) : IStartupTask
{
    public const string Actor = "demo-seed";
    public const int GeneratedPersons = 200;

    public string Name => "registry.demo";

    public IReadOnlyCollection<string> After => ["registry.sources"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.DemoData || await db.Records.AnyAsync(cancellationToken))
        {
            return;
        }

        var actor = RegistryActor.System(Actor);
        var now = clock.GetUtcNow();
        string At(int daysAgo) => now.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

        var hukou = DemoApplicants.Persons.Select(p => (SubmittedRecord?)Record(p.IdNumber, At(20), new()
        {
            ["name"] = p.Name, ["gender"] = p.Gender, ["birthDate"] = p.BirthDate, ["ethnicity"] = "汉族",
            ["householdRegion"] = p.HouseholdRegion, ["householdAddress"] = p.HouseholdAddress, ["maritalStatus"] = p.MaritalStatus,
        })).ToList();
        var birth = new List<SubmittedRecord?>
        {
            Record(DemoApplicants.ZhangXiaobaoId, At(40), new() { ["name"] = "张小宝", ["gender"] = "男", ["birthDate"] = "2025-09-10" }),
            Record(DemoApplicants.LiMeiId, At(30), new() { ["name"] = "李梅", ["gender"] = "女", ["birthDate"] = DemoApplicants.LiMeiBirthDateAtWjw }),
        };
        var marriage = new List<SubmittedRecord?>
        {
            Record(DemoApplicants.ZhangXiaomingId, At(25), new() { ["name"] = "张晓明", ["maritalStatus"] = "已婚" }),
            Record(DemoApplicants.LiMeiId, At(25), new() { ["name"] = "李梅", ["maritalStatus"] = "丧偶" }),
        };
        var e = DemoApplicants.Mingyuan;
        var enterprise = new Dictionary<string, string>
        {
            ["name"] = e.Name, ["kind"] = e.Kind, ["legalRepresentative"] = e.LegalRepresentative, ["registeredCapital"] = e.RegisteredCapital,
            ["establishedOn"] = e.EstablishedOn, ["address"] = e.Address, ["regionCode"] = e.RegionCode, ["businessScope"] = e.BusinessScope, ["status"] = e.Status,
        };
        var (generatedHukou, generatedBirth) = Generated(At);
        foreach (var (source, records) in new (string, List<SubmittedRecord?>)[]
        {
            ("ga-hukou", hukou), ("wjw-birth", birth), ("mz-marriage", marriage),
            ("sc-register", [Record(e.CreditCode, At(15), enterprise)]),
            ("mz-org", [Record(e.CreditCode, At(60), new() { ["name"] = e.Name, ["legalRepresentative"] = e.LegalRepresentative })]),
            ("ga-hukou", generatedHukou), ("wjw-birth", generatedBirth),
        })
        {
            var result = await ingest.SubmitAsync(source, records, actor, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Registry demo data for {source} was refused: {result.Failure!.Detail} " +
                    string.Join("; ", result.Failure.Errors?.Select(p => p.Key + ": " + p.Value[0]) ?? []));
            }
        }

        // One refused batch (a wrong check digit), so validity on the quality page is not a flat 100%.
        await ingest.SubmitAsync("wjw-birth", [Record("340104202509100035", At(1), new() { ["name"] = "王小二" })], actor, cancellationToken);
        logger.LogInformation("Seeded registry demo data ({Count} generated persons)", GeneratedPersons);
    }

    private static SubmittedRecord Record(string code, string observedAt, Dictionary<string, string> fields) =>
        new(code, observedAt, fields.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value)));

    /// <summary>Deterministic persons in four districts: every one from 公安, three in four also from 卫健委 (older
    /// births are not in its system), some without an address so completeness is below 100%.</summary>
    private static (List<SubmittedRecord?> Hukou, List<SubmittedRecord?> Birth) Generated(Func<int, string> at)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
        string[] given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "超", "明", "霞", "平", "刚"];
        string[] regions = ["340102", "340103", "340104", "340111"];
        string[] marital = ["未婚", "已婚", "已婚", "离婚", "丧偶"];
        var hukou = new List<SubmittedRecord?>();
        var birth = new List<SubmittedRecord?>();
        for (var i = 0; i < GeneratedPersons; i++)
        {
            var region = regions[i % regions.Length];
            var born = new DateOnly(1950, 1, 1).AddDays(i * 97 % 26000);
            var sequence = 100 + i * 2 % 800 + (i % 2 == 0 ? 1 : 0);
            var first17 = region + born.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
            var id = first17 + CitizenIdNumber.CheckCharacter(first17);
            var gender = sequence % 2 == 1 ? "男" : "女";
            var name = surnames[i % surnames.Length] + given[i * 7 % given.Length] + (i % 3 == 0 ? given[i % given.Length] : "");
            var fields = new Dictionary<string, string>
            {
                ["name"] = name, ["gender"] = gender, ["birthDate"] = born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["ethnicity"] = i % 10 == 0 ? "回族" : "汉族",
                ["householdRegion"] = region, ["maritalStatus"] = born.Year > 2005 ? "未婚" : marital[i % marital.Length],
            };
            if (i % 7 != 0)
            {
                fields["householdAddress"] = $"安徽省合肥市第{i % 40 + 1}街道{i + 1}号";
            }

            hukou.Add(Record(id, at(i % 45 + 2), fields));
            if (i % 4 != 0)
            {
                birth.Add(Record(id, at(i % 50 + 3), new() { ["name"] = name, ["gender"] = gender, ["birthDate"] = fields["birthDate"] }));
            }
        }

        return (hukou, birth);
    }
}
