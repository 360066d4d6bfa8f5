namespace OneWindow.Shared.Http;

/// <summary>
/// Field errors collected while checking input: the API turns them into a ValidationProblem, pages show each
/// next to its field. Keys are the field names the client sent (camelCase, with list indexes like materials[2].name).
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public int Count => errors.Count;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            list = [];
            errors[field] = list;
        }

        list.Add(message);
    }

    public bool Has(string field) => errors.ContainsKey(field);

    public string? First(string field) => errors.TryGetValue(field, out var list) ? list[0] : null;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, List<string>>> All => errors;
}
