using System.Globalization;
using OneWindow.Cases.Domain;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>Evaluates instant-approval rules against an applicant's facts. A rule whose data is not available is
/// "missing" — never a pass — so a gap in the registry can only send the case to a person, never approve it.</summary>
public static class InstantRules
{
    public static AutoRuleResult Evaluate(InstantRule rule, ApplicantFacts facts)
    {
        var expected = rule.Expected();
        var path = FactPath.Parse(rule.Fact, forRule: true, out _);
        var read = path == null ? FactValue.Unknown : facts.Read(path);
        if (!read.Known)
        {
            return new AutoRuleResult(rule.Id, rule.Label, rule.Fact, rule.Op, expected, null, AutoRuleResult.Missing);
        }

        var value = read.Value;
        bool? passed = rule.Op switch
        {
            "exists" => value != null,
            "absent" => value == null,
            _ when value == null => null,
            "equals" => expected.Count > 0 && value == expected[0],
            "notEquals" => expected.Count > 0 && value != expected[0],
            "in" => expected.Contains(value),
            "startsWith" => expected.Count > 0 && value.StartsWith(expected[0], StringComparison.Ordinal),
            "gte" => Compare(value, expected) is { } c && c >= 0,
            "lte" => Compare(value, expected) is { } c && c <= 0,
            _ => false,
        };
        var result = passed switch { true => AutoRuleResult.Pass, false => AutoRuleResult.Fail, null => AutoRuleResult.Missing };
        return new AutoRuleResult(rule.Id, rule.Label, rule.Fact, rule.Op, expected, Mask(path!, value), result);
    }

    /// <summary>Numbers compare as numbers, dates as dates; anything else cannot be compared (null: a fail).</summary>
    private static int? Compare(string value, IReadOnlyList<string> expected)
    {
        if (expected.Count == 0)
        {
            return null;
        }

        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(expected[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var b))
        {
            return a.CompareTo(b);
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", out var x) && DateOnly.TryParseExact(expected[0], "yyyy-MM-dd", out var y) ? x.CompareTo(y) : null;
    }

    /// <summary>The value as the decision record keeps it: names, codes, numbers, addresses and dates of birth masked;
    /// regions, statuses, ages and yes/no kept (they are what the rule is about).</summary>
    public static string? Mask(FactPath path, string? value)
    {
        if (value == null)
        {
            return null;
        }

        var field = path.Field ?? "";
        if (path.Source is FactPath.Person or FactPath.LegalPerson && field is "" or FactPath.Age or "gender" or "ethnicity" or "householdRegion" or "maritalStatus" or "kind" or "status" or "regionCode" or "registeredCapital" or "establishedOn")
        {
            return value;
        }

        if (path.Source == FactPath.Licence && path.Field is null or "number")
        {
            return path.Field == null ? CaseText.Stored("cases.held") : MaskCode(value);
        }

        if (field is "birthDate" or "deathDate" && value.Length >= 4)
        {
            return value[..4] + "-**-**";
        }

        if (value.Length >= 15 && value.All(char.IsAsciiLetterOrDigit))
        {
            return MaskCode(value);
        }

        return value.Length <= 1 ? "*" : value[..1] + new string('*', Math.Min(value.Length - 1, 6));
    }

    private static string MaskCode(string value) => value.Length <= 6 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 6) + value[^2..];

    /// <summary>A sentence for the applicant and the officer: which conditions were not met or could not be checked.</summary>
    public static string Explain(IReadOnlyList<AutoRuleResult> results, IReadOnlyList<string> missingMaterials)
    {
        var reasons = results.Where(r => r.Result != AutoRuleResult.Pass)
            .Select(r => r.Result == AutoRuleResult.Missing ? $"{r.Label}（缺少数据，无法核验）" : $"{r.Label}（不符合）")
            .Concat(missingMaterials.Select(m => $"{m}（未提供）"))
            .ToList();
        return reasons.Count == 0
            ? CaseText.Stored("cases.every_instant_approval_condition_met")
            : CaseText.Stored("cases.instant_approval_conditions_not_met", string.Join("；", reasons));
    }
}
