using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneWindow.Shared.Versions;

/// <summary>One changed element between two versions of a document: its path (materials[2].name), the value before
/// and after (null where absent).</summary>
public sealed record FieldChange(string Path, string? Before, string? After);

/// <summary>
/// Element-by-element difference between two versions of a versioned document (a service guide, a data resource's
/// metadata), for reviewers and history pages. Both are serialised with the document's own JSON options and walked
/// together; lists of objects compare by position (materials[2].name), which is how editors read an edited list;
/// lists of plain values are shown joined with 、.
/// </summary>
public static class FieldDiff
{
    public static IReadOnlyList<FieldChange> Compare<T>(T before, T after, JsonSerializerOptions options)
    {
        var changes = new List<FieldChange>();
        Walk("", JsonSerializer.SerializeToNode(before, options), JsonSerializer.SerializeToNode(after, options), changes, options);
        return changes;
    }

    private static void Walk(string path, JsonNode? left, JsonNode? right, List<FieldChange> changes, JsonSerializerOptions options)
    {
        switch (left, right)
        {
            case (JsonObject l, JsonObject r):
                foreach (var key in l.Select(p => p.Key).Union(r.Select(p => p.Key)))
                {
                    Walk(path.Length == 0 ? key : path + "." + key, l[key], r[key], changes, options);
                }

                break;
            case (JsonArray l, JsonArray r) when l.All(n => n is JsonObject) && r.All(n => n is JsonObject):
                for (var i = 0; i < Math.Max(l.Count, r.Count); i++)
                {
                    Walk($"{path}[{i}]", i < l.Count ? l[i] : null, i < r.Count ? r[i] : null, changes, options);
                }

                break;
            default:
                var before = Render(left, options);
                var after = Render(right, options);
                if (before != after)
                {
                    changes.Add(new FieldChange(path, before, after));
                }

                break;
        }
    }

    private static string? Render(JsonNode? node, JsonSerializerOptions options) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray array when array.All(n => n is JsonValue) => string.Join("、", array.Select(n => n?.ToString())),
        _ => node.ToJsonString(options),
    };
}
