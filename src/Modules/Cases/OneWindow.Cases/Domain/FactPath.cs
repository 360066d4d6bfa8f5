namespace OneWindow.Cases.Domain;

/// <summary>
/// Where a prefilled form field or an instant-approval rule reads its data (see docs/certificate-free.md):
/// <c>answers.&lt;field&gt;</c> (rules only), <c>person</c> / <c>legal_person</c> (the golden record exists),
/// <c>person.&lt;key&gt;</c> and <c>legal_person.&lt;key&gt;</c> (registry field keys; <c>person.age</c> is derived from
/// birthDate), <c>licence:&lt;type&gt;</c> (a valid licence of that type name or code is held) and
/// <c>licence:&lt;type&gt;.&lt;field&gt;</c> (number, holderName, issuer, issuedOn, validUntil or a data field of the
/// licence), <c>applicant.name</c> and <c>applicant.code</c> (the real-name identity).
/// </summary>
public sealed record FactPath(string Source, string? Name, string? Field)
{
    public const string Answers = "answers";
    public const string Person = "person";
    public const string LegalPerson = "legal_person";
    public const string Licence = "licence";
    public const string Applicant = "applicant";

    /// <summary>The registry field keys agreed with the registry module (issue 5).</summary>
    public static readonly string[] PersonFields = ["name", "gender", "birthDate", "ethnicity", "householdRegion", "householdAddress", "maritalStatus", "deathDate"];

    public static readonly string[] LegalPersonFields = ["name", "kind", "legalRepresentative", "registeredCapital", "establishedOn", "address", "regionCode", "businessScope", "status"];

    /// <summary>Derived from the registry: age in whole years on the China date of evaluation.</summary>
    public const string Age = "age";

    /// <summary>Parses a path, or returns null with the reason in <paramref name="error"/>.</summary>
    public static FactPath? Parse(string? text, bool forRule, out string error)
    {
        error = "";
        text = text?.Trim() ?? "";
        if (text.StartsWith("licence:", StringComparison.Ordinal))
        {
            var rest = text["licence:".Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            var type = dot < 0 ? rest : rest[..dot];
            var field = dot < 0 ? null : rest[(dot + 1)..];
            if (type.Length is 0 or > 100 || field is { Length: 0 or > 60 })
            {
                error = CaseText.T("cases.licence_type_field_missing");
                return null;
            }

            if (field == null && !forRule)
            {
                error = CaseText.T("cases.prefill_needs_licence_field_e");
                return null;
            }

            return new FactPath(Licence, type, field);
        }

        var parts = text.Split('.', 2);
        var source = parts[0];
        var key = parts.Length > 1 ? parts[1] : null;
        switch (source)
        {
            case Person or LegalPerson when key == null:
                if (!forRule)
                {
                    error = CaseText.T("cases.prefill_needs_field_e_g");
                    return null;
                }

                return new FactPath(source, null, null);
            case Person when PersonFields.Contains(key) || key == Age:
            case LegalPerson when LegalPersonFields.Contains(key):
                return new FactPath(source, null, key);
            case Person or LegalPerson:
                error = CaseText.T("cases.unknown_registry_field", key);
                return null;
            case Answers when forRule && !string.IsNullOrWhiteSpace(key):
                return new FactPath(source, null, key);
            case Applicant when key is "name" or "code":
                return new FactPath(source, null, key);
            default:
                error = CaseText.T("cases.unknown_data_source_answers_person", text);
                return null;
        }
    }

    public override string ToString() => Source switch
    {
        Licence => Field == null ? $"licence:{Name}" : $"licence:{Name}.{Field}",
        _ => Field == null ? Source : $"{Source}.{Field}",
    };
}
