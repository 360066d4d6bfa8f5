namespace OneWindow.Shared.Web;

/// <summary>
/// Errors of one form, in field order, for the shared partials: _ErrorSummary lists them at the top with links to
/// the fields, _TextField shows each one next to its field (GOV.UK-style pattern that UX.md asks for).
/// </summary>
public sealed class FormErrors
{
    private readonly List<(string Field, string Label, string Message)> items = [];

    public bool Any => items.Count > 0;

    public IReadOnlyList<(string Field, string Label, string Message)> Items => items;

    public FormErrors Add(string field, string label, string message)
    {
        items.Add((field, label, message));
        return this;
    }

    public string? For(string field) => items.FirstOrDefault(i => i.Field == field).Message;
}

/// <summary>One labelled input for _TextField: the id doubles as the error anchor.</summary>
public sealed record TextField(string Id, string Name, string Label, string? Value = null, string Type = "text", string Autocomplete = "off",
    string? Hint = null, string? Error = null, string? InputMode = null);
