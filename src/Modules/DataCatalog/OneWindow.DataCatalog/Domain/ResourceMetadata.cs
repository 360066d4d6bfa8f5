using System.Text.Json;
using System.Text.Json.Serialization;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Domain;

/// <summary>One information item (信息项) as the metadata document stores it.</summary>
public sealed record ResourceItem(string Key, string Name, string Type, string Mask)
{
    public DataItemSpec ToSpec() => new(Key, Name, Type, Mask);
}

/// <summary>
/// The core metadata (核心元数据) of one version of a data resource, after the national catalogue guide
/// (政务信息资源目录编制指南): classification, name, provider, summary, format, items, sharing and open attributes,
/// update cycle, related resources. The code and publication date belong to the resource and the version row.
/// </summary>
public sealed record ResourceMetadata(
    string Classification,
    string Name,
    long ProviderDepartmentId,
    string ProviderName,
    string ProviderCode,
    string Summary,
    string Format,
    IReadOnlyList<ResourceItem> Items,
    string? SubjectItem,
    string Holding,
    string SharingClass,
    string? SharingConditions,
    string? NotSharedBasis,
    string SharingMethod,
    string OpenClass,
    string UpdateCycle,
    IReadOnlyList<string> RelatedCodes,
    int DecisionWorkingDays)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ResourceMetadata FromJson(string json) =>
        JsonSerializer.Deserialize<ResourceMetadata>(json, JsonOptions) ?? throw new InvalidOperationException("Empty resource metadata.");
}

/// <summary>The fixed lists of the metadata: formats (信息资源格式), sharing methods (共享方式), update cycles (更新周期),
/// classes (类) of the classification.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<(string Key, string Zh, string En)> Formats =
    [
        ("database", "数据库表", "Database table"), ("spreadsheet", "电子表格", "Spreadsheet"), ("file", "电子文件", "Electronic file"),
        ("api", "接口", "API"), ("image", "图形图像", "Images"), ("media", "流媒体", "Streaming media"), ("other", "其他", "Other"),
    ];

    public static readonly IReadOnlyList<(string Key, string Zh, string En)> SharingMethods =
    [
        ("api", "接口", "API"), ("file", "文件", "File"), ("table", "库表", "Database tables"),
    ];

    public static readonly IReadOnlyList<(string Key, string Zh, string En)> UpdateCycles =
    [
        ("realtime", "实时", "Real time"), ("daily", "每日", "Daily"), ("weekly", "每周", "Weekly"), ("monthly", "每月", "Monthly"),
        ("quarterly", "每季度", "Quarterly"), ("yearly", "每年", "Yearly"), ("irregular", "不定期", "Irregular"),
    ];

    /// <summary>类: 1 基础信息资源, 2 主题信息资源, 3 部门信息资源.</summary>
    public static readonly IReadOnlyList<(string Key, string Zh, string En)> Classes =
    [
        ("1", "基础信息资源", "Base information"), ("2", "主题信息资源", "Thematic information"), ("3", "部门信息资源", "Departmental information"),
    ];

    public static readonly IReadOnlyList<(string Key, string Zh, string En)> Holdings =
    [
        (ResourceHoldings.PersonRegistry, "人口库", "Population registry"), (ResourceHoldings.LegalPersonRegistry, "法人库", "Legal-person registry"),
        (ResourceHoldings.LicenceLibrary, "电子证照库", "E-licence library"), (ResourceHoldings.Table, "平台数据表", "Tables on the platform"),
        (ResourceHoldings.Proxy, "提供方系统接口", "The provider's system"),
    ];

    public static (string Zh, string En) Title(IReadOnlyList<(string Key, string Zh, string En)> list, string key) =>
        list.FirstOrDefault(e => e.Key == key) is { Key: not null } e ? (e.Zh, e.En) : (key, key);

    public static bool Has(IReadOnlyList<(string Key, string Zh, string En)> list, string? key) => key != null && list.Any(e => e.Key == key);
}
