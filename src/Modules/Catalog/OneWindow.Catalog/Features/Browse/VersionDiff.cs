using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Catalog.Domain;

namespace OneWindow.Catalog.Features.Browse;

public sealed record GuideChange(string Path, string? Before, string? After);

/// <summary>Element-by-element difference between two versions of a guide, for reviewers and the history page.
/// Lists compare by position (materials[2].name), which is how editors read an edited list.</summary>
public static class VersionDiff
{
    public static IReadOnlyList<GuideChange> Compare(ItemGuide before, ItemGuide after)
    {
        var changes = new List<GuideChange>();
        var left = JsonSerializer.SerializeToNode(before, ItemGuide.JsonOptions);
        var right = JsonSerializer.SerializeToNode(after, ItemGuide.JsonOptions);
        Walk("", left, right, changes);
        return changes;
    }

    private static void Walk(string path, JsonNode? left, JsonNode? right, List<GuideChange> changes)
    {
        switch (left, right)
        {
            case (JsonObject l, JsonObject r):
                foreach (var key in l.Select(p => p.Key).Union(r.Select(p => p.Key)))
                {
                    Walk(path.Length == 0 ? key : path + "." + key, l[key], r[key], changes);
                }

                break;
            case (JsonArray l, JsonArray r) when l.All(n => n is JsonObject) && r.All(n => n is JsonObject):
                for (var i = 0; i < Math.Max(l.Count, r.Count); i++)
                {
                    Walk($"{path}[{i}]", i < l.Count ? l[i] : null, i < r.Count ? r[i] : null, changes);
                }

                break;
            default:
                var before = Render(left);
                var after = Render(right);
                if (before != after)
                {
                    changes.Add(new GuideChange(path, before, after));
                }

                break;
        }
    }

    private static string? Render(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray array when array.All(n => n is JsonValue) => string.Join("、", array.Select(n => n?.ToString())),
        _ => node.ToJsonString(ItemGuide.JsonOptions),
    };
}
