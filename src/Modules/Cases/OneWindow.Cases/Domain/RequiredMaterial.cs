using System.Text.Json;

namespace OneWindow.Cases.Domain;

/// <summary>A material the frozen guide asks for (申请材料), as the case keeps it.</summary>
public sealed record RequiredMaterial(string Name, bool Required, string Form, string Note)
{
    public static IReadOnlyList<RequiredMaterial> ListFrom(string json) => JsonSerializer.Deserialize<List<RequiredMaterial>>(json, CaseJson.Options) ?? [];

    public static string ToJson(IEnumerable<RequiredMaterial> materials) => JsonSerializer.Serialize(materials, CaseJson.Options);

    /// <summary>Paper-only materials are brought to the hall, not uploaded.</summary>
    public bool Uploadable => Form != "paper";
}

/// <summary>One point of a correction notice (补正通知): a material or a form field and what is wrong with it.</summary>
public sealed record CorrectionPoint(int? MaterialIndex, string? FieldKey, string Problem);

public sealed record CorrectionNotice(IReadOnlyList<CorrectionPoint> Points, string? Note)
{
    public static CorrectionNotice FromJson(string json) => JsonSerializer.Deserialize<CorrectionNotice>(json, CaseJson.Options) ?? new CorrectionNotice([], null);

    public string ToJson() => JsonSerializer.Serialize(this, CaseJson.Options);
}
