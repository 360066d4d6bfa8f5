using System.Text.Json;

namespace OneWindow.Cases.Domain;

/// <summary>
/// Instant approval (秒批 / 无人干预自动审批), kept in ItemSetup.InstantJson: <c>{ "enabled": true, "rules": [ { "id",
/// "label", "fact", "op", "value" } ] }</c>. Facts are <see cref="FactPath"/>s; ops are listed in <see cref="Ops"/>.
/// When every rule passes on present data and every required material is provided, the case is decided by machine;
/// otherwise it goes to the acceptance desk with the explanation. The machine never refuses.
/// </summary>
public sealed class InstantDefinition
{
    public static readonly string[] Ops = ["equals", "notEquals", "in", "startsWith", "gte", "lte", "exists", "absent"];

    public bool Enabled { get; set; }

    public List<InstantRule> Rules { get; set; } = [];

    public static InstantDefinition? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<InstantDefinition>(json, CaseJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, CaseJson.Options);

    public IReadOnlyList<string> CheckDefinition()
    {
        var errors = new List<string>();
        if (Enabled && Rules.Count == 0)
        {
            errors.Add("rules: " + CaseText.T("cases.instant_approval_needs_at_least"));
        }

        if (Rules.Count > 50)
        {
            errors.Add("rules: " + CaseText.T("cases.at_most_50_rules"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (rule, i) in Rules.Select((r, i) => (r, i)))
        {
            var path = $"rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Id) || rule.Id.Length > 40 || !ids.Add(rule.Id))
            {
                errors.Add($"{path}.id: " + CaseText.T("cases.required_unique_at_most_40"));
            }

            if (string.IsNullOrWhiteSpace(rule.Label) || rule.Label.Length > 200)
            {
                errors.Add($"{path}.label: " + CaseText.T("cases.required_at_most_200_characters"));
            }

            if (FactPath.Parse(rule.Fact, forRule: true, out var factError) == null)
            {
                errors.Add($"{path}.fact: {factError}");
            }

            if (!Ops.Contains(rule.Op))
            {
                errors.Add($"{path}.op: " + CaseText.T("cases.unknown_op", rule.Op, string.Join(", ", Ops)));
            }
            else if (rule.Op is not ("exists" or "absent") && rule.Expected().Count == 0)
            {
                errors.Add(CaseText.T("cases.1_needs_value", path, rule.Op));
            }
            else if (rule.Op is "gte" or "lte" && !decimal.TryParse(rule.Expected()[0], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _)
                     && !DateOnly.TryParseExact(rule.Expected()[0], "yyyy-MM-dd", out _))
            {
                errors.Add(CaseText.T("cases.gte_lte_need_number_date", path));
            }
        }

        return errors;
    }
}

public sealed class InstantRule
{
    public string Id { get; set; } = "";

    public string Label { get; set; } = "";

    public string Fact { get; set; } = "";

    public string Op { get; set; } = "";

    /// <summary>A string, a number, or (for "in") an array.</summary>
    public JsonElement? Value { get; set; }

    public IReadOnlyList<string> Expected() => Value is not { } v ? [] : v.ValueKind switch
    {
        JsonValueKind.Array => v.EnumerateArray().Select(Text).Where(s => s.Length > 0).ToList(),
        JsonValueKind.Null or JsonValueKind.Undefined => [],
        _ when Op == "in" => Text(v).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        _ => Text(v) is { Length: > 0 } s ? [s] : [],
    };

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };
}

/// <summary>What the machine did with an instant-approval item (Case.AutoDecisionJson).</summary>
/// <param name="Outcome">approved | referred (to a person at the acceptance desk).</param>
public sealed record AutoDecision(string Outcome, DateTimeOffset At, IReadOnlyList<AutoRuleResult> Rules, IReadOnlyList<string> MissingMaterials, string Summary)
{
    public const string Approved = "approved";
    public const string Referred = "referred";

    public static AutoDecision? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AutoDecision>(json, CaseJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, CaseJson.Options);
}

/// <param name="Result">pass | fail | missing (the data the rule needs is not available: never a pass).</param>
/// <param name="Value">The value read, masked when personal (names, ID numbers, addresses, dates of birth).</param>
public sealed record AutoRuleResult(string Id, string Label, string Fact, string Op, IReadOnlyList<string> Expected, string? Value, string Result)
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Missing = "missing";
}
