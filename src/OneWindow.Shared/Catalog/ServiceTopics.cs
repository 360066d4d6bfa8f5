namespace OneWindow.Shared.Catalog;

/// <summary>The catalogue's service topics (主题分类) for individuals and for businesses: the portal's entry points and
/// the values an item's guide may carry.</summary>
public static class ServiceTopics
{
    public static readonly IReadOnlyList<string> Personal =
        ["户籍身份", "婚姻生育", "教育培训", "就业创业", "社会保障", "医疗卫生", "住房保障", "交通出行", "出入境", "民政救助", "司法公证", "文化体育", "证件办理"];

    public static readonly IReadOnlyList<string> Business =
        ["设立变更", "准营准办", "税务缴纳", "工程建设", "安全生产", "质量技术", "环境保护", "交通运输", "农林牧渔", "资质认定", "投资审批", "年检年审", "注销退出"];
}
