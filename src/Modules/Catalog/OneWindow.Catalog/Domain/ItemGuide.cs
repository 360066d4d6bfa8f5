using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneWindow.Catalog.Domain;

/// <summary>
/// The guide (办事指南) of one implementation-list item: every element of GB/T 39046-2020 Table 4. A version of an item
/// stores its guide as one JSON document, so a published version is an immutable snapshot that the portal and past
/// cases keep, and two versions can be compared element by element.
/// </summary>
public sealed class ItemGuide
{
    public string BaseCode { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>事项类型 code, see <see cref="CatalogCodes.ItemTypes"/>.</summary>
    public string ItemType { get; set; } = "";

    /// <summary>行使层级 1 国家 … 7 分级.</summary>
    public int ExerciseLevel { get; set; }

    /// <summary>实施主体性质 1 法定机关 2 授权组织 3 受委托组织 9 其他.</summary>
    public int SubjectNature { get; set; } = 1;

    public string ExerciseContent { get; set; } = "";

    public List<LegalBasis> LegalBasis { get; set; } = [];

    /// <summary>服务对象 codes 1-6.</summary>
    public List<int> Targets { get; set; } = [];

    public List<string> Topics { get; set; } = [];

    /// <summary>Words people type for this item (身份证丢了); searched, not shown as a guide element.</summary>
    public List<string> Keywords { get; set; } = [];

    public string Summary { get; set; } = "";

    public string AcceptanceConditions { get; set; } = "";

    public List<Material> Materials { get; set; } = [];

    public List<ProcessStep> Steps { get; set; } = [];

    /// <summary>法定办结时限, working days.</summary>
    public int StatutoryDays { get; set; }

    /// <summary>承诺办结时限, working days (0 = 即办).</summary>
    public int PromisedDays { get; set; }

    public string TimeLimitNote { get; set; } = "";

    /// <summary>办件类型 1 即办件 2 承诺件 9 其他.</summary>
    public int CaseType { get; set; } = 2;

    public Fee Fee { get; set; } = new();

    public List<ServiceLocation> Locations { get; set; } = [];

    /// <summary>办理形式 1 窗口 2 网上 3 移动端 4 快递 9 其他.</summary>
    public List<int> Channels { get; set; } = [];

    /// <summary>网上办理深度 1-4, see <see cref="CatalogCodes.OnlineDepths"/>.</summary>
    public int OnlineDepth { get; set; } = 1;

    /// <summary>到现场次数 (跑动次数).</summary>
    public int Visits { get; set; }

    public bool Appointment { get; set; }

    public bool OnlinePayment { get; set; }

    public bool Delivery { get; set; }

    public string ConsultPhone { get; set; } = "";

    public string ComplaintPhone { get; set; } = "";

    public string QuantityLimit { get; set; } = "";

    public string Intermediary { get; set; } = "";

    public List<string> JointDepartments { get; set; } = [];

    public string SpecialProcedures { get; set; } = "";

    /// <summary>通办范围.</summary>
    public string Scope { get; set; } = "";

    public List<FaqEntry> Faq { get; set; } = [];

    public ItemResult Result { get; set; } = new();

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static ItemGuide FromJson(string json) =>
        JsonSerializer.Deserialize<ItemGuide>(json, JsonOptions) ?? throw new InvalidOperationException("Empty guide document.");

    public ItemGuide Clone() => FromJson(ToJson());
}

public sealed class LegalBasis
{
    public string Law { get; set; } = "";

    public string Article { get; set; } = "";

    public string Text { get; set; } = "";
}

public sealed class Material
{
    public string Name { get; set; } = "";

    public string Issuer { get; set; } = "";

    public int Originals { get; set; }

    public int Copies { get; set; }

    public bool Required { get; set; } = true;

    /// <summary>paper | electronic | electronic_or_paper.</summary>
    public string Form { get; set; } = "electronic_or_paper";

    public string? BlankForm { get; set; }

    public string? Sample { get; set; }

    public string Note { get; set; } = "";
}

public sealed class ProcessStep
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public int Days { get; set; }
}

public sealed class Fee
{
    public bool Charged { get; set; }

    public string Standard { get; set; } = "";

    public string Basis { get; set; } = "";
}

public sealed class ServiceLocation
{
    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public string Hours { get; set; } = "";
}

public sealed class FaqEntry
{
    public string Q { get; set; } = "";

    public string A { get; set; } = "";
}

public sealed class ItemResult
{
    public string Name { get; set; } = "";

    /// <summary>licence | approval_document | certificate | other.</summary>
    public string Kind { get; set; } = "other";

    /// <summary>The e-licence type the item produces (证照类型), when it produces one.</summary>
    public string? LicenceType { get; set; }
}
