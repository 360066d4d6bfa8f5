using OneWindow.Cases.Domain;

namespace OneWindow.Cases.Features.Bundles;

/// <summary>One item of a life event as it stands now: the published item, its current form and materials.</summary>
public sealed record PlannedItem(int Index, long ItemId, string Name, long DepartmentId, string DepartmentName, string RegionCode, FormDefinition Form, IReadOnlyList<RequiredMaterial> Materials);

/// <summary>A material of the merged list: uploaded once, attached to every item that asks for it
/// (<see cref="Uses"/>: item index and the material's index in that item's list).</summary>
public sealed record MergedMaterial(int Index, string Name, bool Required, bool Uploadable, string Note, IReadOnlyList<(int Item, int Material)> Uses);

/// <summary>
/// A life event resolved against the catalogue: one merged form (the facts, then every other item field once, by key)
/// and one merged materials list (materials with the same name asked once). <see cref="Unavailable"/> says why it cannot
/// be applied for now (an item unpublished or suspended).
/// </summary>
public sealed class LifeEventPlan
{
    public const string FactsSection = "facts";
    public const string MoreSection = "more";

    private LifeEventPlan(LifeEventDefinition definition, IReadOnlyList<PlannedItem> items, string? unavailable)
    {
        Definition = definition;
        Items = items;
        Unavailable = unavailable;
        Form = MergeForm(definition, items);
        Materials = MergeMaterials(definition, items);
    }

    public LifeEventDefinition Definition { get; }

    public IReadOnlyList<PlannedItem> Items { get; }

    public FormDefinition Form { get; }

    public IReadOnlyList<MergedMaterial> Materials { get; }

    /// <summary>Why the event cannot be applied for now (in the current UI language), or null.</summary>
    public string? Unavailable { get; }

    public static LifeEventPlan Build(LifeEventDefinition definition, IReadOnlyList<PlannedItem> items, string? unavailable) => new(definition, items, unavailable);

    /// <summary>The merged-form key that answers an item's field: the fact listing it, else the field's own key.</summary>
    public string MergedKey(string itemFieldKey) => Definition.FactFor(itemFieldKey) ?? itemFieldKey;

    /// <summary>The answers of one item's form, taken from the merged answers.</summary>
    public Dictionary<string, string?> AnswersFor(PlannedItem item, IReadOnlyDictionary<string, string?> merged) =>
        item.Form.AllFields.Select(f => f.Key).Distinct()
            .Select(key => (key, value: merged.TryGetValue(MergedKey(key), out var v) ? v : null))
            .Where(x => x.value != null)
            .ToDictionary(x => x.key, x => x.value, StringComparer.Ordinal);

    /// <summary>The merged error key for an error of one item ("materials[2]" → the merged material's key).</summary>
    public string MergedErrorKey(PlannedItem item, string key)
    {
        if (key.StartsWith("materials[", StringComparison.Ordinal) && int.TryParse(key["materials[".Length..].TrimEnd(']'), out var index))
        {
            var merged = Materials.FirstOrDefault(m => m.Uses.Contains((item.Index, index)));
            return merged != null ? $"materials[{merged.Index}]" : key;
        }

        return item.Form.AllFields.Any(f => f.Key == key) ? MergedKey(key) : key;
    }

    private static FormDefinition MergeForm(LifeEventDefinition definition, IReadOnlyList<PlannedItem> items)
    {
        var covered = definition.Fills.Values.SelectMany(f => f).ToHashSet(StringComparer.Ordinal);
        var factKeys = definition.Facts.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var more = new List<FormField>();
        var seen = new HashSet<string>(factKeys, StringComparer.Ordinal);
        foreach (var field in items.SelectMany(i => i.Form.AllFields))
        {
            if (covered.Contains(field.Key) || !seen.Add(field.Key))
            {
                continue;
            }

            // A condition on a field that a fact answers now reads the fact.
            var copy = FormDefinition.FromJson(new FormDefinition { Sections = [new FormSection { Title = "x", Fields = [field] }] }.ToJson()).AllFields.Single();
            if (copy.ShowWhen is { } condition && covered.Contains(condition.Field))
            {
                condition.Field = definition.FactFor(condition.Field)!;
            }

            more.Add(copy);
        }

        var form = new FormDefinition
        {
            Sections = [new FormSection { Key = FactsSection, Title = "基本信息（只填一次）", TitleEn = "The facts (asked once)", Fields = definition.Facts.ToList() }],
        };
        if (more.Count > 0)
        {
            form.Sections.Add(new FormSection { Key = MoreSection, Title = "各事项需要的其他信息", TitleEn = "More information the items need", Fields = more });
        }

        return form;
    }

    private static List<MergedMaterial> MergeMaterials(LifeEventDefinition definition, IReadOnlyList<PlannedItem> items)
    {
        var merged = new List<MergedMaterial>();
        foreach (var group in items.SelectMany(i => i.Materials.Select((m, index) => (Item: i.Index, Index: index, Material: m))).GroupBy(x => definition.MaterialKey(x.Material.Name)))
        {
            var list = group.ToList();
            merged.Add(new MergedMaterial(merged.Count, group.Key, list.Any(x => x.Material.Required), list.Any(x => x.Material.Uploadable),
                list[0].Material.Note, list.Select(x => (x.Item, x.Index)).ToList()));
        }

        return merged;
    }
}
