namespace OneWindow.Licences.Features.Seeding;

/// <summary>The demo people and enterprise shared by the registry, licences and cases demo data (issue 5), so that
/// certificate-free service can be tried with `dotnet run`. Data, not logic; check characters are valid.</summary>
public static class DemoApplicants
{
    public const string ZhangXiaoming = "张晓明";
    public const string ZhangXiaomingId = "34010419870315001X";
    public const string LiMei = "李梅";
    public const string LiMeiId = "340103195608020022";
    public const string ZhangXiaobao = "张小宝";
    public const string ZhangXiaobaoId = "340104202509100034";
    public const string Mingyuan = "合肥明远科技有限公司";
    public const string MingyuanCode = "91340100MA2N00000M";
}
