using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features.Issuing;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Startup;
using static OneWindow.Shared.Demo.DemoApplicants;

namespace OneWindow.Licences.Features.Seeding;

public sealed record LicencesDemoOptions(bool Enabled);

/// <summary>Demo mode only: licences for the demo people and enterprise (结婚证, 居民户口簿 ×2, 营业执照), one expired
/// (居住证 of 2023) and one revoked (网约车驾驶员证) so the verification page shows every outcome. Idempotent.</summary>
public sealed class LicencesDemoSeeder(LicencesDemoOptions options, LicencesDbContext db, LicenceLibrary library, IOrganisationDirectory organisation,
    ILogger<LicencesDemoSeeder> logger) : IStartupTask
{
    public const string RevokedReference = "demo:revoked-driver";

    public string Name => "licences.demo";

    public IReadOnlyCollection<string> After => ["licences.reference", "identity.demo-citizens"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled || await db.Licences.AnyAsync(l => l.SourceReference.StartsWith("demo:"), cancellationToken))
        {
            return;
        }

        var departments = (await organisation.DepartmentsAsync(cancellationToken)).ToDictionary(d => d.Key, d => d.Id);
        if (!departments.TryGetValue("ga", out var ga) || !departments.TryGetValue("mz", out var mz) || !departments.TryGetValue("gs", out var gs)
            || !departments.TryGetValue("jt", out var jt))
        {
            return;
        }

        var person = ApplicantProfile.PersonCodeType;
        var issues = new[]
        {
            new LicenceIssue("结婚证", ZhangXiaoming.Name, ZhangXiaomingId, person, mz, "demo:marriage-zxm", new DateOnly(2014, 5, 20),
                new Dictionary<string, string> { ["spouseName"] = "王丽", ["spouseIdNumber"] = "340104198805120028", ["registeredOn"] = "2014-05-20" }),
            new LicenceIssue("居民户口簿", ZhangXiaoming.Name, ZhangXiaomingId, person, ga, "demo:household-zxm", new DateOnly(2015, 3, 1),
                new Dictionary<string, string> { ["householdHead"] = ZhangXiaoming.Name, ["relation"] = "户主", ["householdRegion"] = ZhangXiaoming.HouseholdRegion, ["address"] = ZhangXiaoming.HouseholdAddress }),
            new LicenceIssue("居民户口簿", LiMei.Name, LiMeiId, person, ga, "demo:household-lm", new DateOnly(2010, 9, 1),
                new Dictionary<string, string> { ["householdHead"] = LiMei.Name, ["relation"] = "户主", ["householdRegion"] = LiMei.HouseholdRegion, ["address"] = LiMei.HouseholdAddress }),
            new LicenceIssue("营业执照", Mingyuan.Name, MingyuanCreditCode, ApplicantProfile.EnterpriseCodeType, gs, "demo:business-mingyuan", new DateOnly(2019, 6, 18),
                new Dictionary<string, string>
                {
                    ["kind"] = "有限责任公司", ["legalRepresentative"] = ZhangXiaoming.Name, ["registeredCapital"] = "500", ["establishedOn"] = "2019-06-18",
                    ["address"] = Mingyuan.Address, ["businessScope"] = "软件开发；信息技术咨询服务",
                }),
            new LicenceIssue("居住证", LiMei.Name, LiMeiId, person, ga, "demo:residence-lm-expired", new DateOnly(2023, 5, 1),
                new Dictionary<string, string> { ["address"] = "安徽省合肥市包河区徽州大道1号" }),
            new LicenceIssue("网络预约出租汽车驾驶员证", ZhangXiaoming.Name, ZhangXiaomingId, person, jt, RevokedReference, new DateOnly(2021, 8, 1),
                new Dictionary<string, string>()),
        };
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var issue in issues)
        {
            await library.IssueWithinAsync(db, issue, cancellationToken);
        }

        await db.Licences.Where(l => l.SourceReference == RevokedReference).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.State, LicenceStates.Revoked).SetProperty(l => l.StateReason, "驾驶员不再符合从业条件（演示数据）"), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        logger.LogInformation("Seeded {Count} demo licences", issues.Length);
    }
}
