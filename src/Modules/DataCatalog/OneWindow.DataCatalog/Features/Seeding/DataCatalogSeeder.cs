using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Domain;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.DataCatalog.Features.Search;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Sharing;
using OneWindow.Shared.Startup;

namespace OneWindow.DataCatalog.Features.Seeding;

/// <param name="OperatorDepartmentKey">DataCatalog:OperatorDepartmentKey, the department that runs the base registries and
/// the licence library (合肥市数据资源局 "sj" in the demo city).</param>
/// <param name="DemoData">Catalog:Seed:DemoData: also the demo resources of 民政局 and 人社局.</param>
public sealed record DataCatalogSeedOptions(string OperatorDepartmentKey, bool DemoData);

/// <summary>
/// Registers the built-in resources (人口基础信息, 法人单位基础信息, 电子证照, codes of <see cref="BuiltInResources"/>) in every
/// environment, published directly as version 1, once their provider department exists (if it does not yet, it logs and
/// tries again at the next start); with demo data, also two demo resources. Only adds what is missing, under a lock.
/// </summary>
public sealed class DataCatalogSeeder(DataCatalogDbContext db, IOrganisationDirectory organisation, DataCatalogSeedOptions options, TimeProvider clock,
    ILogger<DataCatalogSeeder> logger) : IStartupTask
{
    private const string Conditions = "依法履职需要，限于办理业务的当事人";

    public string Name => "datacatalog.seed";

    public IReadOnlyCollection<string> After => ["catalog.seed"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var operatorDepartment = await organisation.DepartmentByKeyAsync(options.OperatorDepartmentKey, cancellationToken);
        if (operatorDepartment == null)
        {
            logger.LogWarning("The built-in data resources wait for their provider department {Key} (DataCatalog:OperatorDepartmentKey); they are registered at a later start once it exists",
                options.OperatorDepartmentKey);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4242314)", cancellationToken);
        }

        var added = 0;
        if (operatorDepartment != null)
        {
            foreach (var (code, metadata) in BuiltIns(operatorDepartment))
            {
                if (!await db.Resources.AnyAsync(r => r.Code == code, cancellationToken))
                {
                    await CodeAllocator.ReserveAsync(db, metadata.Classification, int.Parse(code[(code.IndexOf('/') + 1)..], CultureInfo.InvariantCulture), cancellationToken);
                    await AddPublishedAsync(code, metadata, operatorDepartment, cancellationToken);
                    added++;
                }
            }
        }

        if (options.DemoData)
        {
            foreach (var (departmentKey, build) in Demo)
            {
                if (await organisation.DepartmentByKeyAsync(departmentKey, cancellationToken) is not { } department)
                {
                    continue;
                }

                var metadata = build(department);
                if (!await db.Resources.AnyAsync(r => r.ProviderDepartmentId == department.Id && r.Name == metadata.Name, cancellationToken))
                {
                    await AddPublishedAsync(await CodeAllocator.NextAsync(db, metadata.Classification, cancellationToken), metadata, department, cancellationToken);
                    added++;
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        if (added > 0)
        {
            logger.LogInformation("Registered {Count} data resources", added);
        }
    }

    private async Task AddPublishedAsync(string code, ResourceMetadata metadata, OrgDepartment provider, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var resource = new DataResource
        {
            Code = code, Classification = metadata.Classification, ProviderDepartmentId = provider.Id, ProviderRegion = provider.RegionCode, Name = metadata.Name,
            LatestVersion = 1, LatestState = VersionStates.Published, PublishedVersion = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Resources.Add(resource);
        await db.SaveChangesAsync(ct);
        db.Versions.Add(new ResourceVersion
        {
            ResourceId = resource.Id, VersionNo = 1, State = VersionStates.Published, Document = metadata.ToJson(), CreatedAt = now, CreatedBy = "system",
            SubmittedAt = now, SubmittedBy = "system", ReviewedAt = now, ReviewedBy = "system", PublishedOn = today,
        });
        db.Search.Add(ResourceIndexer.Build(resource.Id, code, 1, today, metadata, provider.Name));
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord("system", null, "datacatalog.resource.published", "data_resource", code,
            $"Data resource {code} version 1 registered at start-up"), now, ct);
    }

    private static ResourceItem I(string key, string name, string type = ItemTypes.String, string mask = ItemMasks.None) => new(key, name, type, mask);

    private static ResourceMetadata Meta(OrgDepartment provider, string classification, string name, string summary, string format, IReadOnlyList<ResourceItem> items,
        string? subject, string holding, string sharing, string? conditions, string method, string open, string cycle) =>
        new(classification, name, provider.Id, provider.Name, provider.Key, summary, format, items, subject, holding, sharing, conditions, null, method, open, cycle, [], 10);

    internal static IEnumerable<(string Code, ResourceMetadata Metadata)> BuiltIns(OrgDepartment sj) =>
    [
        (BuiltInResources.Persons, Meta(sj, "101001", "人口基础信息", "人口基础信息资源库（人口库）的自然人黄金记录：身份、户籍、婚姻和死亡登记信息，按公民身份号码提供。",
            "database",
            [
                I("idNumber", "公民身份号码", mask: ItemMasks.IdNumber), I("name", "姓名", mask: ItemMasks.Name), I("gender", "性别"),
                I("birthDate", "出生日期", ItemTypes.Date, ItemMasks.Date), I("ethnicity", "民族"), I("householdRegion", "户籍地行政区划代码"),
                I("householdAddress", "户籍地址", mask: ItemMasks.Address), I("maritalStatus", "婚姻状况"), I("deathDate", "死亡日期", ItemTypes.Date, ItemMasks.Date),
            ],
            "idNumber", ResourceHoldings.PersonRegistry, SharingClasses.Conditional, Conditions, "api", OpenClasses.NotOpen, "realtime")),
        (BuiltInResources.LegalPersons, Meta(sj, "102001", "法人单位基础信息", "法人单位基础信息资源库（法人库）的黄金记录：登记、类型、法定代表人、注册资本、住所和经营状态，按统一社会信用代码提供。",
            "database",
            [
                I("creditCode", "统一社会信用代码"), I("name", "单位名称"), I("kind", "单位类型"), I("legalRepresentative", "法定代表人", mask: ItemMasks.Name),
                I("registeredCapital", "注册资本（万元）", ItemTypes.Decimal), I("establishedOn", "成立日期", ItemTypes.Date), I("address", "住所"),
                I("regionCode", "所在行政区划代码"), I("businessScope", "经营范围"), I("status", "登记状态"),
            ],
            "creditCode", ResourceHoldings.LegalPersonRegistry, SharingClasses.Conditional, Conditions, "api", OpenClasses.NotOpen, "realtime")),
        (BuiltInResources.Licences, Meta(sj, "105001", "电子证照", "电子证照库中持证主体的有效电子证照：证照类型、编号、持证主体、发证机构和有效期。",
            "database",
            [
                I("identifier", "证照标识"), I("typeCode", "证照类型代码"), I("typeName", "证照类型名称"), I("number", "证照编号"),
                I("holderName", "持证主体名称", mask: ItemMasks.Name), I("holderCode", "持证主体代码", mask: ItemMasks.IdNumber), I("issuerName", "发证机构"),
                I("issuedOn", "发证日期", ItemTypes.Date), I("validFrom", "有效期起始日期", ItemTypes.Date), I("validUntil", "有效期截止日期", ItemTypes.Date),
            ],
            "holderCode", ResourceHoldings.LicenceLibrary, SharingClasses.Conditional, Conditions, "api", OpenClasses.NotOpen, "realtime")),
    ];

    internal static readonly IReadOnlyList<(string DepartmentKey, Func<OrgDepartment, ResourceMetadata> Build)> Demo =
    [
        ("mz", mz => Meta(mz, "303001", "养老机构名录", "全市已备案养老机构的名称、地址、床位数、运营性质和联系电话。", "database",
            [
                I("institutionName", "机构名称"), I("creditCode", "统一社会信用代码"), I("address", "机构地址"), I("beds", "床位数", ItemTypes.Integer),
                I("operation", "运营性质"), I("phone", "联系电话"), I("filedOn", "备案日期", ItemTypes.Date),
            ],
            null, ResourceHoldings.Table, SharingClasses.Unconditional, null, "api", OpenClasses.Open, "monthly")),
        ("rs", rs => Meta(rs, "315001", "社会保险参保信息", "参保人员的养老、医疗、失业、工伤保险参保状态和缴费月数。", "database",
            [
                I("idNumber", "公民身份号码", mask: ItemMasks.IdNumber), I("name", "姓名", mask: ItemMasks.Name), I("pensionStatus", "养老保险参保状态"),
                I("medicalStatus", "医疗保险参保状态"), I("unemploymentStatus", "失业保险参保状态"), I("injuryStatus", "工伤保险参保状态"),
                I("paidMonths", "累计缴费月数", ItemTypes.Integer), I("employerName", "参保单位名称"),
            ],
            "idNumber", ResourceHoldings.Table, SharingClasses.Conditional, Conditions, "api", OpenClasses.NotOpen, "daily")),
    ];
}
