using System.Globalization;
using System.Text.Json;
using CsvHelper;
using OneWindow.Catalog.Domain;

namespace OneWindow.Catalog.Features.Transfer;

/// <summary>One problem in an import file: the CSV row (the header is row 1), the column, and how to fix it.</summary>
public sealed record ImportError(int Row, string Column, string Message);

/// <summary>
/// The catalogue CSV format (docs/catalog-csv.md): one row per item, scalar guide elements as columns and list elements
/// as JSON arrays in their own columns, so a spreadsheet shows one item per line and nothing is lost on a round trip.
/// </summary>
public static class CatalogCsv
{
    public const int MaxRows = 100_000;
    public const long MaxBytes = 20 * 1024 * 1024;

    private sealed record Column(string Name, Func<ItemGuide, string> Get, Func<ItemGuide, string, string?> Set);

    private static readonly Column[] GuideColumns =
    [
        Text("baseCode", g => g.BaseCode, (g, v) => g.BaseCode = v),
        Text("name", g => g.Name, (g, v) => g.Name = v),
        Text("itemType", g => g.ItemType, (g, v) => g.ItemType = v),
        Int("exerciseLevel", g => g.ExerciseLevel, (g, v) => g.ExerciseLevel = v),
        Int("subjectNature", g => g.SubjectNature, (g, v) => g.SubjectNature = v),
        Text("exerciseContent", g => g.ExerciseContent, (g, v) => g.ExerciseContent = v),
        Text("summary", g => g.Summary, (g, v) => g.Summary = v),
        Text("acceptanceConditions", g => g.AcceptanceConditions, (g, v) => g.AcceptanceConditions = v),
        Int("statutoryDays", g => g.StatutoryDays, (g, v) => g.StatutoryDays = v),
        Int("promisedDays", g => g.PromisedDays, (g, v) => g.PromisedDays = v),
        Text("timeLimitNote", g => g.TimeLimitNote, (g, v) => g.TimeLimitNote = v),
        Int("caseType", g => g.CaseType, (g, v) => g.CaseType = v),
        Bool("feeCharged", g => g.Fee.Charged, (g, v) => g.Fee.Charged = v),
        Text("feeStandard", g => g.Fee.Standard, (g, v) => g.Fee.Standard = v),
        Text("feeBasis", g => g.Fee.Basis, (g, v) => g.Fee.Basis = v),
        Int("onlineDepth", g => g.OnlineDepth, (g, v) => g.OnlineDepth = v),
        Int("visits", g => g.Visits, (g, v) => g.Visits = v),
        Bool("appointment", g => g.Appointment, (g, v) => g.Appointment = v),
        Bool("onlinePayment", g => g.OnlinePayment, (g, v) => g.OnlinePayment = v),
        Bool("delivery", g => g.Delivery, (g, v) => g.Delivery = v),
        Text("consultPhone", g => g.ConsultPhone, (g, v) => g.ConsultPhone = v),
        Text("complaintPhone", g => g.ComplaintPhone, (g, v) => g.ComplaintPhone = v),
        Text("quantityLimit", g => g.QuantityLimit, (g, v) => g.QuantityLimit = v),
        Text("intermediary", g => g.Intermediary, (g, v) => g.Intermediary = v),
        Text("specialProcedures", g => g.SpecialProcedures, (g, v) => g.SpecialProcedures = v),
        Text("scope", g => g.Scope, (g, v) => g.Scope = v),
        Text("resultName", g => g.Result.Name, (g, v) => g.Result.Name = v),
        Text("resultKind", g => g.Result.Kind, (g, v) => g.Result.Kind = v),
        Text("resultLicenceType", g => g.Result.LicenceType ?? "", (g, v) => g.Result.LicenceType = v.Length == 0 ? null : v),
        Json("targets", g => g.Targets, (g, v) => g.Targets = v),
        Json("channels", g => g.Channels, (g, v) => g.Channels = v),
        Json("topics", g => g.Topics, (g, v) => g.Topics = v),
        Json("keywords", g => g.Keywords, (g, v) => g.Keywords = v),
        Json("jointDepartments", g => g.JointDepartments, (g, v) => g.JointDepartments = v),
        Json("legalBasis", g => g.LegalBasis, (g, v) => g.LegalBasis = v),
        Json("materials", g => g.Materials, (g, v) => g.Materials = v),
        Json("steps", g => g.Steps, (g, v) => g.Steps = v),
        Json("locations", g => g.Locations, (g, v) => g.Locations = v),
        Json("faq", g => g.Faq, (g, v) => g.Faq = v),
    ];

    public const string DepartmentColumn = "departmentKey";
    public const string RegionColumn = "regionCode";

    public static readonly IReadOnlyList<string> Header = [DepartmentColumn, RegionColumn, .. GuideColumns.Select(c => c.Name)];

    /// <summary>RFC 4180, header required. Quoting problems are recovered from but reported (by record number) so the
    /// row can be refused with a clear message; field counts are checked against the header by the caller.</summary>
    public static CsvReaderOptions ReaderOptions(Action<CsvMalformedRecord> malformed) => new()
    {
        HasHeader = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        OnMalformedRecord = malformed,
        MaxRecordSize = 4 * 1024 * 1024,
    };

    /// <summary>UTF-8 with BOM so spreadsheet programs open the Chinese text correctly; the importer accepts either.
    /// Text is written as is (no formula escaping) so that export → import returns exactly the same values.</summary>
    public static CsvWriterOptions WriterOptions => new() { WriteByteOrderMark = true };

    public static string[] Record(string departmentKey, string regionCode, ItemGuide guide) =>
        [departmentKey, regionCode, .. GuideColumns.Select(c => c.Get(guide))];

    /// <summary>Checks the header: every column present once, nothing unknown. Returns column positions by name.</summary>
    public static Dictionary<string, int> ReadHeader(string[]? header, List<ImportError> errors)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (header == null || header.Length == 0)
        {
            errors.Add(new ImportError(1, "", "文件为空：第一行应为列名（表头），见 docs/catalog-csv.md"));
            return positions;
        }

        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (!Header.Contains(name))
            {
                errors.Add(new ImportError(1, name, $"未知的列「{name}」；表头应为：{string.Join(",", Header)}"));
            }
            else if (!positions.TryAdd(name, i))
            {
                errors.Add(new ImportError(1, name, $"列「{name}」重复出现"));
            }
        }

        var missing = Header.Where(h => !positions.ContainsKey(h)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new ImportError(1, missing[0], $"缺少 {missing.Count} 列：{string.Join(",", missing)}（表头见 docs/catalog-csv.md）"));
        }

        return positions;
    }

    /// <summary>Reads one data row into a guide; unparseable cells are reported by column and left at their defaults.</summary>
    public static ItemGuide ParseGuide(string[] record, Dictionary<string, int> positions, int row, List<ImportError> errors)
    {
        var guide = new ItemGuide();
        foreach (var column in GuideColumns)
        {
            var value = Cell(record, positions, column.Name);
            if (column.Set(guide, value) is { } message)
            {
                errors.Add(new ImportError(row, column.Name, message));
            }
        }

        return guide;
    }

    public static string Cell(string[] record, Dictionary<string, int> positions, string name) =>
        positions.TryGetValue(name, out var at) && at < record.Length ? record[at].Trim() : "";

    /// <summary>GuideValidator keys (materials[2].name, fee.standard) → the CSV column that holds them.</summary>
    public static string ColumnOf(string key)
    {
        var end = key.IndexOfAny(['[', '.']);
        var head = end < 0 ? key : key[..end];
        if (head is "fee" or "result" && end > 0)
        {
            var rest = key[(end + 1)..];
            return head + char.ToUpperInvariant(rest[0]) + rest[1..];
        }

        return head;
    }

    private static Column Text(string name, Func<ItemGuide, string> get, Action<ItemGuide, string> set) =>
        new(name, get, (g, v) => { set(g, v); return null; });

    private static Column Int(string name, Func<ItemGuide, int> get, Action<ItemGuide, int> set) =>
        new(name, g => get(g).ToString(CultureInfo.InvariantCulture), (g, v) =>
        {
            if (v.Length == 0)
            {
                return null;
            }

            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return $"「{Clip(v)}」不是整数";
            }

            set(g, number);
            return null;
        });

    private static Column Bool(string name, Func<ItemGuide, bool> get, Action<ItemGuide, bool> set) =>
        new(name, g => get(g) ? "true" : "false", (g, v) =>
        {
            bool? parsed = v.ToLowerInvariant() switch
            {
                "" or "false" or "0" or "否" or "no" => false,
                "true" or "1" or "是" or "yes" => true,
                _ => null,
            };
            if (parsed == null)
            {
                return $"「{Clip(v)}」应为 true 或 false（也可写 是/否、1/0）";
            }

            set(g, parsed.Value);
            return null;
        });

    private static Column Json<T>(string name, Func<ItemGuide, List<T>> get, Action<ItemGuide, List<T>> set) =>
        new(name, g => JsonSerializer.Serialize(get(g), ItemGuide.JsonOptions), (g, v) =>
        {
            if (v.Length == 0)
            {
                set(g, []);
                return null;
            }

            try
            {
                set(g, JsonSerializer.Deserialize<List<T?>>(v, ItemGuide.JsonOptions)?.Where(x => x != null).Select(x => x!).ToList() ?? []);
                return null;
            }
            catch (JsonException e)
            {
                return $"应为 JSON 数组（见 docs/catalog-csv.md）：{e.Message.Split('.')[0]}";
            }
        });

    private static string Clip(string value) => value.Length > 20 ? value[..20] + "…" : value;
}
