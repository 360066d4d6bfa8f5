using System.Text.Json;
using OneWindow.Cases.Domain;

namespace OneWindow.Cases.Features.Bundles;

/// <summary>
/// A life event (一件事): reference data in LifeEvents.json (written for this project from the public 一件事一次办
/// lists, see docs/life-events.md). Items are named by department key and catalogue item name and resolved to published
/// items when someone applies; facts are asked once and copied into every item form field listed in
/// <see cref="Fills"/>.
/// </summary>
public sealed class LifeEventDefinition
{
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string Description { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    /// <summary>Department key whose window officers deliver the results of the whole bundle at once.</summary>
    public string DeliveredBy { get; set; } = "";

    public List<LifeEventItemRef> Items { get; set; } = [];

    /// <summary>The facts asked once, as form fields of the merged form.</summary>
    public List<FormField> Facts { get; set; } = [];

    /// <summary>Fact key → the item form field keys it fills (in any item whose form has them).</summary>
    public Dictionary<string, List<string>> Fills { get; set; } = [];

    /// <summary>Groups of material names that are the same document in different items' lists (asked once, under the
    /// first name); materials with exactly the same name are merged anyway.</summary>
    public List<List<string>> SameMaterials { get; set; } = [];

    public string MaterialKey(string name) => SameMaterials.FirstOrDefault(g => g.Contains(name))?[0] ?? name;

    /// <summary>The fact that answers an item form field, or null when the field is asked on its own.</summary>
    public string? FactFor(string itemFieldKey) => Fills.FirstOrDefault(f => f.Value.Contains(itemFieldKey)).Key;

    public string DisplayName(bool english) => english && NameEn.Length > 0 ? NameEn : Name;

    public string DisplayDescription(bool english) => english && DescriptionEn.Length > 0 ? DescriptionEn : Description;
}

public sealed class LifeEventItemRef
{
    public string Department { get; set; } = "";

    public string Name { get; set; } = "";
}

/// <summary>The life events shipped with the module (embedded LifeEvents.json), loaded once.</summary>
public static class LifeEventCatalogue
{
    private static readonly Lazy<IReadOnlyList<LifeEventDefinition>> Loaded = new(Load);

    public static IReadOnlyList<LifeEventDefinition> All => Loaded.Value;

    public static LifeEventDefinition? Find(string? key) => All.FirstOrDefault(e => e.Key == key);

    private static IReadOnlyList<LifeEventDefinition> Load()
    {
        var assembly = typeof(LifeEventCatalogue).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Bundles.LifeEvents.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<List<LifeEventDefinition>>(stream, CaseJson.Options) ?? [];
    }
}
