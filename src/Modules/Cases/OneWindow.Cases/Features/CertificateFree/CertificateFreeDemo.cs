using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>Whether to configure the demo items for 免证办 and 秒批: follows Catalog:Seed:DemoData.</summary>
public sealed record CertificateFreeDemoOptions(bool Enabled);

/// <summary>
/// Demo configuration of certificate-free service (demo mode only; an item that already has proofs or instant rules
/// is left alone): 内地居民结婚登记 (民政局) with materials proven by the 居民户口簿 licence or the population registry
/// and the form prefilled; 社会保障卡申领 (人社局) as instant approval producing a 中华人民共和国社会保障卡; and
/// 公共场所卫生许可 (卫健委) accepting written commitments (告知承诺制) for two materials.
/// </summary>
public sealed class CertificateFreeDemoSeeder(CasesDbContext db, IPublishedItems catalog, CertificateFreeDemoOptions options, TimeProvider clock,
    ILogger<CertificateFreeDemoSeeder> logger) : IStartupTask
{
    public string Name => "cases.certificate-free-demo";

    public IReadOnlyCollection<string> After => ["catalog.seed", "licences.reference", "registry.sources"];

    private static readonly (string Department, string Item, string? Form, string? Proofs, string? Instant)[] Items =
    [
        ("mz", "内地居民结婚登记",
            """{"sections":[{"key":"applicant","title":"申请人","titleEn":"Applicant","fields":[{"key":"fullName","label":"姓名","labelEn":"Name","type":"text","required":true,"prefill":"person.name"},{"key":"householdAddress","label":"户籍地址","labelEn":"Household address","type":"text","required":true,"prefill":"person.householdAddress"},{"key":"maritalStatus","label":"婚姻状况","labelEn":"Marital status","type":"text","prefill":"person.maritalStatus"},{"key":"partnerName","label":"对方姓名","labelEn":"Partner's name","type":"text","required":true},{"key":"partnerIdNumber","label":"对方身份证号","labelEn":"Partner's ID number","type":"id_number","required":true},{"key":"contactPhone","label":"联系电话","labelEn":"Contact phone","type":"phone","required":true}]}]}""",
            """{"materials":[{"material":"双方居民户口簿","licence":["居民户口簿"],"registry":{"kind":"person","fields":["householdRegion","householdAddress"]}},{"material":"双方居民身份证","licence":["居民身份证"],"registry":{"kind":"person","fields":["name","birthDate"]}}]}""",
            null),
        ("rs", "社会保障卡申领",
            """{"sections":[{"key":"applicant","title":"申请人","titleEn":"Applicant","fields":[{"key":"fullName","label":"姓名","labelEn":"Name","type":"text","required":true,"prefill":"person.name"},{"key":"householdAddress","label":"户籍地址","labelEn":"Household address","type":"text","prefill":"person.householdAddress"},{"key":"contactPhone","label":"联系电话","labelEn":"Contact phone","type":"phone","required":true}]}]}""",
            """{"materials":[{"material":"居民身份证","licence":["居民身份证"],"registry":{"kind":"person","fields":["name","birthDate"]}}]}""",
            """{"enabled":true,"rules":[{"id":"inRegistry","label":"本人在人口库中","fact":"person","op":"exists"},{"id":"hefei","label":"户籍在合肥市（3401）","fact":"person.householdRegion","op":"startsWith","value":"3401"},{"id":"age16","label":"年满 16 周岁","fact":"person.age","op":"gte","value":16},{"id":"alive","label":"人口库无死亡登记","fact":"person.deathDate","op":"absent"},{"id":"noCard","label":"尚未持有社会保障卡","fact":"licence:中华人民共和国社会保障卡","op":"absent"}]}"""),
        ("wjw", "公共场所卫生许可", null,
            """{"materials":[{"material":"营业执照","licence":["营业执照"]},{"material":"卫生管理制度","commitment":"本单位承诺已建立公共用品清洗消毒、从业人员健康管理和卫生设施维护等卫生管理制度并严格执行，如有不实，愿意承担撤销许可等法律责任。"},{"material":"从业人员健康合格证明","commitment":"本单位承诺全部从业人员均已取得有效健康合格证明，如有不实，愿意承担撤销许可等法律责任。"}]}""",
            null),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        var found = await catalog.PublishedIdsByNameAsync(Items.Select(i => i.Item).ToList(), cancellationToken);
        foreach (var (department, name, form, proofs, instant) in Items)
        {
            var itemId = found.Where(f => f.DepartmentKey == department && f.Name == name).Select(f => (long?)f.Id).FirstOrDefault();
            if (itemId is not { } id || await db.ItemSetups.AnyAsync(s => s.ServiceItemId == id && (s.ProofsJson != null || s.InstantJson != null), cancellationToken))
            {
                continue;
            }

            var setup = await db.ItemSetups.FirstOrDefaultAsync(s => s.ServiceItemId == id, cancellationToken);
            if (setup == null)
            {
                setup = new ItemSetup { ServiceItemId = id, UpdatedBy = "system:demo" };
                db.ItemSetups.Add(setup);
            }

            setup.FormJson ??= form == null ? null : FormDefinition.FromJson(form).ToJson();
            setup.ProofsJson = proofs == null ? null : ProofsDefinition.FromJson(proofs).ToJson();
            setup.InstantJson = instant == null ? null : InstantDefinition.FromJson(instant)!.ToJson();
            setup.UpdatedAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Another node configured it at the same moment.
                db.ChangeTracker.Clear();
                logger.LogInformation("Demo certificate-free setup of item {Item} was added by another node", id);
            }
        }
    }
}
