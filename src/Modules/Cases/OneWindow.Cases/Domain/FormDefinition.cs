using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneWindow.Shared;
using OneWindow.Shared.Codes;

namespace OneWindow.Cases.Domain;

/// <summary>
/// The application form of one item (申请表): typed fields in sections, each section or field optionally shown only
/// when another field has a given value (conditional sections). The catalogue editor edits it as JSON; the same
/// definition validates pages and API submissions, so the two can never disagree.
/// </summary>
public sealed class FormDefinition
{
    public static readonly string[] FieldTypes = ["text", "textarea", "number", "date", "select", "checkbox", "phone", "id_number", "credit_code", "email"];

    public List<FormSection> Sections { get; set; } = [];

    /// <summary>Used when an item has no form of its own: contact phone and a free-text description.</summary>
    public static FormDefinition Default => new()
    {
        Sections =
        [
            new FormSection
            {
                Key = "contact", Title = "联系信息", TitleEn = "Contact",
                Fields =
                [
                    new FormField { Key = "contactPhone", Label = "联系电话", LabelEn = "Contact phone", Type = "phone", Required = true },
                    new FormField { Key = "remarks", Label = "申请说明", LabelEn = "Remarks", Type = "textarea", MaxLength = 1000 },
                ],
            },
        ],
    };

    public IEnumerable<FormField> AllFields => Sections.SelectMany(s => s.Fields);

    public string ToJson() => JsonSerializer.Serialize(this, CaseJson.Options);

    public static FormDefinition FromJson(string json) => JsonSerializer.Deserialize<FormDefinition>(json, CaseJson.Options) ?? Default;

    /// <summary>Errors in the definition itself (keys, types, options, conditions), as "path: message".</summary>
    public IReadOnlyList<string> CheckDefinition()
    {
        var errors = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (Sections.Count == 0)
        {
            errors.Add("sections: " + CaseText.T("cases.at_least_one_section"));
        }

        foreach (var (section, si) in Sections.Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(section.Title))
            {
                errors.Add($"sections[{si}].title: " + CaseText.T("cases.required"));
            }

            foreach (var (field, fi) in section.Fields.Select((f, i) => (f, i)))
            {
                var path = $"sections[{si}].fields[{fi}]";
                if (!Regex.IsMatch(field.Key ?? "", "^[a-zA-Z][a-zA-Z0-9_]{0,39}$"))
                {
                    errors.Add($"{path}.key: " + CaseText.T("cases.letters_digits_starting_with_letter"));
                }
                else if (!keys.Add(field.Key!))
                {
                    errors.Add($"{path}.key: " + CaseText.T("cases.duplicate_key", field.Key));
                }

                if (string.IsNullOrWhiteSpace(field.Label))
                {
                    errors.Add($"{path}.label: " + CaseText.T("cases.required"));
                }

                if (!FieldTypes.Contains(field.Type))
                {
                    errors.Add($"{path}.type: " + CaseText.T("cases.unknown_type_0", field.Type));
                }

                if (field.Type == "select" && field.Options.Count == 0)
                {
                    errors.Add($"{path}.options: " + CaseText.T("cases.select_needs_options"));
                }

                if (field.Pattern is { } pattern && !IsValidRegex(pattern))
                {
                    errors.Add($"{path}.pattern: " + CaseText.T("cases.not_valid_regular_expression"));
                }

                if (field.Prefill != null && FactPath.Parse(field.Prefill, forRule: false, out var prefillError) == null)
                {
                    errors.Add($"{path}.prefill: {prefillError}");
                }
            }
        }

        foreach (var condition in Sections.Select(s => s.ShowWhen).Concat(AllFields.Select(f => f.ShowWhen)).OfType<FormCondition>())
        {
            if (!keys.Contains(condition.Field))
            {
                errors.Add("showWhen.field: " + CaseText.T("cases.unknown_field", condition.Field));
            }
        }

        return errors;
    }

    /// <summary>Validates answers: only visible fields count; hidden fields are dropped from the cleaned result.
    /// Returns per-field errors keyed by field key.</summary>
    public (Dictionary<string, string> Clean, Dictionary<string, string[]> Errors) Validate(IReadOnlyDictionary<string, string?> answers, bool english)
    {
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var section in Sections.Where(s => IsShown(s.ShowWhen, answers)))
        {
            foreach (var field in section.Fields.Where(f => IsShown(f.ShowWhen, answers)))
            {
                var value = (answers.TryGetValue(field.Key, out var v) ? v : null)?.Trim() ?? "";
                if (field.Type == "checkbox")
                {
                    value = value is "true" or "on" or "1" ? "true" : "";
                }

                if (value.Length == 0)
                {
                    if (field.Required)
                    {
                        errors[field.Key] = [english ? $"{field.DisplayLabel(true)} is required." : $"请填写{field.Label}。"];
                    }

                    continue;
                }

                var error = CheckValue(field, value, english);
                if (error != null)
                {
                    errors[field.Key] = [error];
                }
                else
                {
                    clean[field.Key] = value;
                }
            }
        }

        return (clean, errors);
    }

    public static bool IsShown(FormCondition? condition, IReadOnlyDictionary<string, string?> answers) =>
        condition == null || (answers.TryGetValue(condition.Field, out var value) && string.Equals(NormalizeCheckbox(value), condition.EqualsValue, StringComparison.Ordinal));

    private static string? NormalizeCheckbox(string? value) => value is "on" or "1" ? "true" : value;

    private static string? CheckValue(FormField field, string value, bool english)
    {
        var label = field.DisplayLabel(english);
        var max = field.MaxLength ?? (field.Type == "textarea" ? 2000 : 200);
        if (value.Length > max)
        {
            return english ? $"{label}: at most {max} characters." : $"{field.Label}最多 {max} 个字。";
        }

        var ok = field.Type switch
        {
            "number" => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                && (field.Min is not { } min || n >= min) && (field.Max is not { } mx || n <= mx),
            "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "select" => field.Options.Any(o => o.Value == value),
            "phone" => Regex.IsMatch(value, "^1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$"),
            "id_number" => CitizenIdNumber.Check(value, ChinaTime.Today(TimeProvider.System)).IsValid,
            "credit_code" => UnifiedSocialCreditCode.IsValid(value),
            "email" => Regex.IsMatch(value, "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"),
            _ => true,
        };
        if (!ok)
        {
            return english ? $"{label}: the value is not valid." : $"{field.Label}格式不正确。";
        }

        if (field.Pattern is { } pattern && !Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
        {
            return field.PatternMessage ?? (english ? $"{label}: the value is not valid." : $"{field.Label}格式不正确。");
        }

        return null;
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public sealed class FormSection
{
    public string Key { get; set; } = "";

    public string Title { get; set; } = "";

    public string? TitleEn { get; set; }

    public FormCondition? ShowWhen { get; set; }

    public List<FormField> Fields { get; set; } = [];
}

public sealed class FormField
{
    public string Key { get; set; } = "";

    public string Label { get; set; } = "";

    public string? LabelEn { get; set; }

    public string Type { get; set; } = "text";

    public bool Required { get; set; }

    public int? MaxLength { get; set; }

    public decimal? Min { get; set; }

    public decimal? Max { get; set; }

    public string? Pattern { get; set; }

    public string? PatternMessage { get; set; }

    public string? Help { get; set; }

    public List<FormOption> Options { get; set; } = [];

    public FormCondition? ShowWhen { get; set; }

    /// <summary>Where a real-name applicant's answer is prefilled from (一键申报), a <see cref="FactPath"/> such as
    /// "person.householdAddress" or "licence:结婚证.number"; null = not prefilled.</summary>
    public string? Prefill { get; set; }

    public string DisplayLabel(bool english) => english && !string.IsNullOrEmpty(LabelEn) ? LabelEn : Label;
}

public sealed class FormOption
{
    public string Value { get; set; } = "";

    public string Label { get; set; } = "";

    public string? LabelEn { get; set; }
}

/// <summary>Shown only when field <see cref="Field"/> equals <see cref="EqualsValue"/> ("true" for a ticked checkbox).</summary>
public sealed class FormCondition
{
    public string Field { get; set; } = "";

    [System.Text.Json.Serialization.JsonPropertyName("equals")]
    public string EqualsValue { get; set; } = "";
}

public static class CaseJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
