using System.Text.Json;

namespace OneWindow.Cases.Domain;

/// <summary>
/// Which of an item's materials need not be handed in (免证办) and which accept a written commitment (告知承诺制), kept
/// in ItemSetup.ProofsJson: <c>{ "materials": [ { "material": "双方居民户口簿" | "materialIndex": 0, "licence": [
/// "居民户口簿" ], "registry": { "kind": "person", "fields": [ "householdRegion", "householdAddress" ] },
/// "commitment": "本人承诺…" } ] }</c>. A licence of a listed type (name or code) held by the applicant, or the
/// applicant's registry record with every listed field, proves the material.
/// </summary>
public sealed class ProofsDefinition
{
    public List<MaterialProofRule> Materials { get; set; } = [];

    public static ProofsDefinition FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new ProofsDefinition();
        }

        try
        {
            return JsonSerializer.Deserialize<ProofsDefinition>(json, CaseJson.Options) ?? new ProofsDefinition();
        }
        catch (JsonException)
        {
            return new ProofsDefinition();
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, CaseJson.Options);

    /// <summary>The rule for the material at <paramref name="index"/> of a case's frozen list, matched by index or name.</summary>
    public MaterialProofRule? For(int index, IReadOnlyList<RequiredMaterial> materials) =>
        index < 0 || index >= materials.Count ? null : Materials.FirstOrDefault(m => m.Resolve(materials) == index);

    /// <summary>Errors as "materials[i].x: message"; <paramref name="materials"/> is the item's current guide list.</summary>
    public IReadOnlyList<string> CheckDefinition(IReadOnlyList<RequiredMaterial> materials)
    {
        var errors = new List<string>();
        var seen = new HashSet<int>();
        foreach (var (rule, i) in Materials.Select((m, i) => (m, i)))
        {
            var path = $"materials[{i}]";
            var index = rule.Resolve(materials);
            if (index < 0)
            {
                errors.Add($"{path}.material: " + CaseText.T("cases.no_such_material_in_guide", rule.Material ?? rule.MaterialIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (!seen.Add(index))
            {
                errors.Add($"{path}.material: " + CaseText.T("cases.material_configured_twice"));
            }

            if (rule.Licence.Count == 0 && rule.Registry == null && string.IsNullOrWhiteSpace(rule.Commitment))
            {
                errors.Add($"{path}: " + CaseText.T("cases.set_licence_registry_commitment"));
            }

            if (rule.Licence.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > 100))
            {
                errors.Add($"{path}.licence: " + CaseText.T("cases.licence_type_names_1_100"));
            }

            if (rule.Registry is { } registry)
            {
                var known = registry.Kind switch
                {
                    FactPath.Person => FactPath.PersonFields,
                    FactPath.LegalPerson => FactPath.LegalPersonFields,
                    _ => null,
                };
                if (known == null)
                {
                    errors.Add($"{path}.registry.kind: " + CaseText.T("cases.person_legal_person"));
                }
                else if (registry.Fields.Count == 0 || registry.Fields.Any(f => !known.Contains(f)))
                {
                    errors.Add($"{path}.registry.fields: " + CaseText.T("cases.registry_field_keys", string.Join(", ", known)));
                }
            }

            if (rule.Commitment is { Length: > 2000 })
            {
                errors.Add($"{path}.commitment: " + CaseText.T("cases.at_most_2_000_characters"));
            }
        }

        return errors;
    }
}

public sealed class MaterialProofRule
{
    /// <summary>The material's name in the guide (or use <see cref="MaterialIndex"/>).</summary>
    public string? Material { get; set; }

    public int? MaterialIndex { get; set; }

    /// <summary>Licence type names or codes that prove the material, e.g. 居民户口簿.</summary>
    public List<string> Licence { get; set; } = [];

    public RegistryProofRule? Registry { get; set; }

    /// <summary>告知承诺: the commitment text the applicant signs instead of handing the material in; null = not allowed.</summary>
    public string? Commitment { get; set; }

    public bool ProvesByLicence(string typeCode, string typeName) => Licence.Any(l => l == typeCode || l == typeName);

    public int Resolve(IReadOnlyList<RequiredMaterial> materials)
    {
        if (MaterialIndex is { } index)
        {
            return index >= 0 && index < materials.Count && (Material == null || materials[index].Name == Material) ? index : -1;
        }

        for (var i = 0; i < materials.Count; i++)
        {
            if (materials[i].Name == Material)
            {
                return i;
            }
        }

        return -1;
    }
}

public sealed class RegistryProofRule
{
    public string Kind { get; set; } = FactPath.Person;

    public List<string> Fields { get; set; } = [];
}
