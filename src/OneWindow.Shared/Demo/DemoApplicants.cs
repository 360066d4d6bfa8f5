namespace OneWindow.Shared.Demo;

/// <summary>The demo identities shared by the identity, registry, licence and case demo data (docs/registry.md,
/// docs/certificate-free.md), so certificate-free service can be tried with `dotnet run`. Data only; check characters valid.</summary>
public static class DemoApplicants
{
    public const string ZhangXiaomingId = "34010419870315001X";
    public const string LiMeiId = "340103195608020022";
    public const string ZhangXiaobaoId = "340104202509100034";
    public const string MingyuanCreditCode = "91340100MA2N00000M";

    public static readonly DemoPerson ZhangXiaoming = new(ZhangXiaomingId, "张晓明", "男", "1987-03-15", "340104", "安徽省合肥市蜀山区长江西路100号", "已婚");
    public static readonly DemoPerson LiMei = new(LiMeiId, "李梅", "女", "1956-08-02", "340103", "安徽省合肥市庐阳区阜南路22号", "丧偶");
    public static readonly DemoPerson ZhangXiaobao = new(ZhangXiaobaoId, "张小宝", "男", "2025-09-10", "340104", "安徽省合肥市蜀山区长江西路100号", "未婚");

    public static readonly IReadOnlyList<DemoPerson> Persons = [ZhangXiaoming, LiMei, ZhangXiaobao];

    /// <summary>李梅's birth date as the birth-certificate system (wjw-birth) has it: the deliberate demo conflict.</summary>
    public const string LiMeiBirthDateAtWjw = "1956-08-12";

    public static readonly DemoEnterprise Mingyuan = new(MingyuanCreditCode, "合肥明远科技有限公司", "企业法人", "张晓明", "500", "2019-06-18",
        "安徽省合肥市高新区望江西路800号", "340104", "软件开发；信息技术咨询服务；计算机系统集成", "存续");
}

public sealed record DemoPerson(string IdNumber, string Name, string Gender, string BirthDate, string HouseholdRegion, string HouseholdAddress, string MaritalStatus);

public sealed record DemoEnterprise(string CreditCode, string Name, string Kind, string LegalRepresentative, string RegisteredCapital, string EstablishedOn,
    string Address, string RegionCode, string BusinessScope, string Status);
