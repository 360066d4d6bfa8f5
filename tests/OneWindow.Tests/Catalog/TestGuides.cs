using OneWindow.Catalog.Domain;

namespace OneWindow.Tests.Catalog;

/// <summary>A complete, valid guide for tests, with a unique base code per call so tests never collide.</summary>
public static class TestGuides
{
    private static int counter;

    public static string NewBaseCode() => "T" + Interlocked.Increment(ref counter).ToString("D3") + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public static ItemGuide Valid(string? baseCode = null, string? name = null) => new()
    {
        BaseCode = baseCode ?? NewBaseCode(),
        Name = name ?? "测试事项" + Guid.NewGuid().ToString("N")[..6],
        ItemType = "01",
        ExerciseLevel = 3,
        SubjectNature = 1,
        ExerciseContent = "市级受理并审批。",
        LegalBasis = [new LegalBasis { Law = "《中华人民共和国行政许可法》", Article = "第十二条", Text = "下列事项可以设定行政许可……" }],
        Targets = [1],
        Topics = ["证件办理"],
        Keywords = ["测试"],
        Summary = "用于自动化测试的事项。",
        AcceptanceConditions = "申请人具有完全民事行为能力。",
        Materials = [new Material { Name = "申请表", Issuer = "申请人", Originals = 1, Copies = 0, Required = true, Form = "paper", Note = "签字" },
                     new Material { Name = "居民身份证", Issuer = "公安机关", Originals = 1, Copies = 1, Required = true, Form = "electronic_or_paper", Note = "有效期内" }],
        Steps = [new ProcessStep { Name = "受理", Description = "窗口受理", Days = 1 }, new ProcessStep { Name = "决定", Description = "作出决定", Days = 4 }],
        StatutoryDays = 20,
        PromisedDays = 5,
        TimeLimitNote = "补正时间不计算在内。",
        CaseType = 2,
        Fee = new Fee { Charged = false, Standard = "不收费", Basis = "无" },
        Locations = [new ServiceLocation { Name = "合肥市政务服务中心", Address = "合肥市蜀山区怀宁路1766号", Hours = "工作日 9:00-17:00" }],
        Channels = [1, 2],
        OnlineDepth = 3,
        Visits = 1,
        Appointment = true,
        ConsultPhone = "0551-63538000",
        ComplaintPhone = "0551-12345",
        QuantityLimit = "无",
        Intermediary = "无",
        SpecialProcedures = "无",
        Scope = "全市通办",
        Faq = [new FaqEntry { Q = "多久办好？", A = "5个工作日。" }],
        Result = new ItemResult { Name = "测试许可证", Kind = "licence", LicenceType = "测试许可证" },
    };
}
