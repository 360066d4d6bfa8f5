namespace OneWindow.Catalog.Domain;

/// <summary>Code lists of GB/T 39046-2020 used by the catalogue, with their Chinese and English labels.</summary>
public static class CatalogCodes
{
    public sealed record Code<T>(T Value, string Zh, string En) where T : notnull;

    public static readonly IReadOnlyList<Code<string>> ItemTypes =
    [
        new("00", "行政权力", "Administrative power"),
        new("01", "行政许可", "Administrative licensing"),
        new("02", "行政处罚", "Administrative penalty"),
        new("03", "行政强制", "Administrative coercion"),
        new("04", "行政征收", "Administrative levy"),
        new("05", "行政给付", "Administrative benefit"),
        new("06", "行政检查", "Administrative inspection"),
        new("07", "行政确认", "Administrative confirmation"),
        new("08", "行政奖励", "Administrative reward"),
        new("09", "行政裁决", "Administrative adjudication"),
        new("10", "其他行政权力", "Other administrative power"),
        new("20", "公共服务", "Public service"),
    ];

    public static readonly IReadOnlyList<Code<int>> ExerciseLevels =
    [
        new(1, "国家级", "National"), new(2, "省级", "Provincial"), new(3, "市级", "Municipal"),
        new(4, "县级", "County"), new(5, "镇（乡、街道）级", "Town/street"), new(6, "村（社区）级", "Village/community"),
        new(7, "分级行使", "Shared across levels"),
    ];

    public static readonly IReadOnlyList<Code<int>> SubjectNatures =
    [
        new(1, "法定机关", "Statutory authority"), new(2, "授权组织", "Authorized organization"),
        new(3, "受委托组织", "Entrusted organization"), new(9, "其他", "Other"),
    ];

    public static readonly IReadOnlyList<Code<int>> Targets =
    [
        new(1, "自然人", "Individuals"), new(2, "企业法人", "Enterprises"), new(3, "事业法人", "Public institutions"),
        new(4, "社会组织法人", "Social organizations"), new(5, "行政机关", "Government bodies"), new(6, "其他组织", "Other organizations"),
    ];

    public static readonly IReadOnlyList<Code<int>> Channels =
    [
        new(1, "窗口办理", "At a service window"), new(2, "网上办理", "Online"), new(3, "移动端办理", "Mobile app"),
        new(4, "快递申请", "By post"), new(9, "其他", "Other"),
    ];

    public static readonly IReadOnlyList<Code<int>> OnlineDepths =
    [
        new(1, "一级：网上咨询", "Level 1: information online"),
        new(2, "二级：网上预约、表格下载", "Level 2: booking and forms online"),
        new(3, "三级：网上预审、受理", "Level 3: pre-review and acceptance online"),
        new(4, "四级：全程网办", "Level 4: fully online"),
    ];

    public static readonly IReadOnlyList<Code<int>> CaseTypes =
    [
        new(1, "即办件", "Same-day"), new(2, "承诺件", "Promised time limit"), new(9, "其他", "Other"),
    ];

    public static readonly IReadOnlyList<Code<string>> MaterialForms =
    [
        new("paper", "纸质", "Paper"), new("electronic", "电子", "Electronic"), new("electronic_or_paper", "纸质或电子", "Paper or electronic"),
    ];

    public static readonly IReadOnlyList<Code<string>> ResultKinds =
    [
        new("licence", "证照", "Licence"), new("approval_document", "批文", "Approval document"),
        new("certificate", "证明", "Certificate"), new("other", "其他", "Other"),
    ];

    /// <summary>服务主题: topics for individuals (个人办事) and for legal persons (法人办事).</summary>
    public static readonly IReadOnlyList<string> PersonalTopics = OneWindow.Shared.Catalog.ServiceTopics.Personal;

    public static readonly IReadOnlyList<string> BusinessTopics = OneWindow.Shared.Catalog.ServiceTopics.Business;

    public static readonly IReadOnlyList<string> Scopes = ["全市通办", "全省通办", "跨省通办", "就近办", "无"];

    public static string Label<T>(IReadOnlyList<Code<T>> codes, T value, bool english) where T : notnull
    {
        foreach (var code in codes)
        {
            if (EqualityComparer<T>.Default.Equals(code.Value, value))
            {
                return english ? code.En : code.Zh;
            }
        }

        return value.ToString() ?? "";
    }

    public static bool IsKnown<T>(IReadOnlyList<Code<T>> codes, T value) where T : notnull =>
        codes.Any(code => EqualityComparer<T>.Default.Equals(code.Value, value));
}
