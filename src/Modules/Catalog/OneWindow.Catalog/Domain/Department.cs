namespace OneWindow.Catalog.Domain;

/// <summary>An implementing agency (实施主体) with its own window on the portal (部门窗口).</summary>
public sealed class Department
{
    public long Id { get; set; }

    /// <summary>Short latin slug used in URLs, e.g. "ga" for 公安局.</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    /// <summary>统一社会信用代码 (GB 32100-2015).</summary>
    public string CreditCode { get; set; } = "";

    /// <summary>GB/T 2260 division the agency belongs to.</summary>
    public string RegionCode { get; set; } = "";

    public string Description { get; set; } = "";

    public string Phone { get; set; } = "";

    public string Address { get; set; } = "";

    public string Hours { get; set; } = "";

    public int SortOrder { get; set; }
}
