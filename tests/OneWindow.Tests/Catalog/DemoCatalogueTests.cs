using System.Text.Json;
using OneWindow.Catalog.Domain;

namespace OneWindow.Tests.Catalog;

/// <summary>The demo catalogue is real content: at least 80 items, every guide element filled, 2-8 materials,
/// its own legal basis, and no descriptive text copied between items.</summary>
public sealed class DemoCatalogueTests
{
    private static readonly List<(string Key, string Department, ItemGuide Guide)> Items = Load();

    private static List<(string, string, ItemGuide)> Load()
    {
        var assembly = typeof(ItemGuide).Assembly;
        var items = new List<(string, string, ItemGuide)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".DemoData.items-", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                items.Add((element.GetProperty("key").GetString()!, element.GetProperty("department").GetString()!, element.Deserialize<ItemGuide>(ItemGuide.JsonOptions)!));
            }
        }

        return items;
    }

    [Fact]
    public void There_are_at_least_eighty_distinct_items()
    {
        Assert.True(Items.Count >= 80, $"{Items.Count} items");
        Assert.Equal(Items.Count, Items.Select(i => i.Guide.Name).Distinct().Count());
        Assert.Equal(Items.Count, Items.Select(i => i.Guide.BaseCode).Distinct().Count());
        Assert.Equal(Items.Count, Items.Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public void Every_item_is_valid_and_complete()
    {
        foreach (var (key, _, g) in Items)
        {
            var errors = GuideValidator.Validate(g);
            Assert.True(errors.IsValid, $"{key}: {string.Join("; ", errors.All.Select(e => e.Key + " " + e.Value[0]))}");
            Assert.InRange(g.Materials.Count, 2, 8);
            Assert.NotEmpty(g.LegalBasis);
            Assert.All(g.LegalBasis, b => Assert.False(string.IsNullOrWhiteSpace(b.Text), key));
            Assert.NotEmpty(g.Faq);
            Assert.NotEmpty(g.Topics);
            Assert.NotEmpty(g.Keywords);
            foreach (var text in new[] { g.Summary, g.ExerciseContent, g.AcceptanceConditions, g.TimeLimitNote, g.Fee.Standard, g.QuantityLimit, g.Intermediary, g.SpecialProcedures, g.Scope, g.Result.Name })
            {
                Assert.False(string.IsNullOrWhiteSpace(text), $"{key} has an empty element");
            }

            Assert.All(g.Materials, m => Assert.False(string.IsNullOrWhiteSpace(m.Note), key));
            Assert.All(g.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Description), key));
        }
    }

    [Fact]
    public void Descriptive_text_is_never_copied_between_items()
    {
        var owner = new Dictionary<string, string>();
        var copies = new List<string>();
        foreach (var (key, _, g) in Items)
        {
            var texts = new List<string> { g.Summary, g.ExerciseContent, g.AcceptanceConditions, g.TimeLimitNote };
            texts.AddRange(g.Materials.Select(m => m.Note));
            texts.AddRange(g.Steps.Select(s => s.Description));
            texts.AddRange(g.Faq.Select(f => f.A));
            texts.AddRange(g.Faq.Select(f => f.Q));
            texts.AddRange(g.LegalBasis.Select(b => b.Text));
            foreach (var text in texts.Where(t => t.Length >= 12).Distinct())
            {
                if (owner.TryGetValue(text, out var other) && other != key)
                {
                    copies.Add($"{other} / {key}: {text}");
                }

                owner.TryAdd(text, key);
            }
        }

        Assert.True(copies.Count == 0, string.Join("\n", copies));
    }

    [Fact]
    public void Items_cover_the_pilot_departments_and_districts()
    {
        var departments = Items.Select(i => i.Department).ToHashSet();
        foreach (var pilot in new[] { "fgw", "ga", "sf", "mz", "cz", "cxjw", "fc", "gh", "cg", "wjw", "ds", "gs", "zj", "aj" })
        {
            Assert.Contains(pilot, departments);
        }

        Assert.Contains(Items, i => i.Guide.ExerciseLevel == 4);
    }
}
