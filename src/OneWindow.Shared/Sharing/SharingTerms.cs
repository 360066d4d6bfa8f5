namespace OneWindow.Shared.Sharing;

/// <summary>共享属性 of a data resource, as 国发〔2016〕51号 sets them: shared by default, not shared by exception.</summary>
public static class SharingClasses
{
    /// <summary>无条件共享: any department may have it, granted on request (still logged).</summary>
    public const string Unconditional = "unconditional";

    /// <summary>有条件共享: the conditions are stated; the provider approves each request.</summary>
    public const string Conditional = "conditional";

    /// <summary>不予共享: only with a legal basis stated in the catalogue; no request is accepted.</summary>
    public const string NotShared = "not_shared";

    public static readonly IReadOnlyList<string> All = [Unconditional, Conditional, NotShared];

    public static (string Zh, string En) Title(string value) => value switch
    {
        Unconditional => ("无条件共享", "Shared unconditionally"),
        Conditional => ("有条件共享", "Shared on conditions"),
        NotShared => ("不予共享", "Not shared"),
        _ => (value, value),
    };
}

/// <summary>开放属性 of a data resource (what the open data portal may publish).</summary>
public static class OpenClasses
{
    /// <summary>无条件开放.</summary>
    public const string Open = "open";

    /// <summary>有条件开放.</summary>
    public const string Conditional = "conditional";

    /// <summary>不予开放.</summary>
    public const string NotOpen = "not_open";

    public static readonly IReadOnlyList<string> All = [Open, Conditional, NotOpen];

    public static (string Zh, string En) Title(string value) => value switch
    {
        Open => ("无条件开放", "Open"),
        Conditional => ("有条件开放", "Open on application"),
        NotOpen => ("不予开放", "Not open"),
        _ => (value, value),
    };
}

/// <summary>Where the exchange finds a resource's rows.</summary>
public static class ResourceHoldings
{
    /// <summary>人口库 golden records (IBaseRegistry), one row per citizen ID number.</summary>
    public const string PersonRegistry = "person_registry";

    /// <summary>法人库 golden records (IBaseRegistry), one row per unified social credit code.</summary>
    public const string LegalPersonRegistry = "legal_person_registry";

    /// <summary>The e-licence library (ILicenceLibrary), one row per valid licence of a holder.</summary>
    public const string LicenceLibrary = "licence_library";

    /// <summary>Rows the provider uploads or syncs into the platform (exchange tables).</summary>
    public const string Table = "table";

    /// <summary>Rows fetched from the provider's own system over HTTPS, with credentials kept on the platform.</summary>
    public const string Proxy = "proxy";

    public static readonly IReadOnlyList<string> All = [PersonRegistry, LegalPersonRegistry, LicenceLibrary, Table, Proxy];
}

/// <summary>How a personal data item is masked when a grant does not give it in clear. "none" marks an item that is not
/// personal.</summary>
public static class ItemMasks
{
    public const string None = "none";

    /// <summary>公民身份号码 / credit code: first 6 and last 4 kept (340104********1234).</summary>
    public const string IdNumber = "id_number";

    /// <summary>Phone: first 3 and last 4 kept (138****5678).</summary>
    public const string Phone = "phone";

    /// <summary>Name: the first character kept (张**).</summary>
    public const string Name = "name";

    /// <summary>Address: the first 6 characters kept.</summary>
    public const string Address = "address";

    /// <summary>Dates (birth, death): only the year kept.</summary>
    public const string Date = "date";

    /// <summary>Anything else personal: nothing kept (******).</summary>
    public const string Full = "full";

    public static readonly IReadOnlyList<string> All = [None, IdNumber, Phone, Name, Address, Date, Full];
}

/// <summary>Data types of an information item (信息项数据类型).</summary>
public static class ItemTypes
{
    public const string String = "string";
    public const string Integer = "integer";
    public const string Decimal = "decimal";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string Boolean = "boolean";

    public static readonly IReadOnlyList<string> All = [String, Integer, Decimal, Date, DateTime, Boolean];
}
