namespace OneWindow.Shared.Sharing;

/// <summary>One information item (信息项) of a data resource. <paramref name="Key"/> is the name it has in the exchange
/// API (ASCII, camelCase, e.g. "idNumber"); <paramref name="Name"/> the Chinese name (e.g. 公民身份号码);
/// <paramref name="Mask"/> one of <see cref="ItemMasks"/>.</summary>
public sealed record DataItemSpec(string Key, string Name, string DataType, string Mask)
{
    public bool IsPersonal => Mask != ItemMasks.None;
}

/// <summary>
/// The published version of a data resource (政务信息资源) as the exchange sees it. <paramref name="Code"/> is the
/// national form "分类码/顺序码" (e.g. "101001/000001"); URLs carry it with '-' for '/' (<see cref="DataResourceCodes"/>).
/// <paramref name="SubjectItem"/> is the item naming whose data a row is (a citizen ID number or a credit code), so
/// every read can be shown to that citizen; null for resources without personal rows.
/// <paramref name="DecisionWorkingDays"/>: how many working days the provider has to answer a request (default 10).
/// </summary>
public sealed record SharedResource(
    long Id,
    string Code,
    int Version,
    string Name,
    long ProviderDepartmentId,
    string SharingClass,
    string? SharingConditions,
    string? NotSharedBasis,
    string OpenClass,
    string Holding,
    string? SubjectItem,
    int DecisionWorkingDays,
    IReadOnlyList<DataItemSpec> Items)
{
    public DataItemSpec? Item(string key) => Items.FirstOrDefault(i => i.Key == key);
}

/// <summary>
/// Read port on the data resource catalogue (政务信息资源目录) for modules that do not own it: the exchange checks
/// requests and calls against the published version, the open data portal lists what may be opened. The data catalogue
/// module implements it. Only published resources are returned; a resource under review keeps its last published version.
/// </summary>
public interface IDataResourceCatalog
{
    Task<SharedResource?> PublishedAsync(string code, CancellationToken ct);

    /// <summary>The published versions of these codes (unknown or unpublished codes are left out), one query.</summary>
    Task<IReadOnlyDictionary<string, SharedResource>> PublishedAsync(IReadOnlyCollection<string> codes, CancellationToken ct);
}

/// <summary>Resource codes in URLs: the national form has a '/', URLs carry '-' instead.</summary>
public static class DataResourceCodes
{
    public static string ToUrl(string code) => code.Replace('/', '-');

    public static string FromUrl(string value) => value.Replace('-', '/');
}

/// <summary>The resources registered from the start so the exchange covers the base registries and the licence
/// library (基础信息资源: 1 类, 01 人口 / 02 法人 / 05 电子证照 项). Their providers are the registry's and the licence
/// library's operating department (the data administration, 数据资源管理局).</summary>
public static class BuiltInResources
{
    public const string Persons = "101001/000001";
    public const string LegalPersons = "102001/000001";
    public const string Licences = "105001/000001";
}
