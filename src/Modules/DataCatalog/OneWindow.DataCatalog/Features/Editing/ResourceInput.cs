using System.Text.RegularExpressions;
using OneWindow.DataCatalog.Domain;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Features.Editing;

/// <summary>One information item as a client sends it.</summary>
public sealed record ItemInput(string? Key, string? Name, string? Type, string? Mask);

/// <summary>The metadata of a draft as a client sends it (create and update). <paramref name="ProviderDepartment"/> is a
/// department key; absent means the caller's own department.</summary>
public sealed record ResourceInput(
    string? Classification = null,
    string? Name = null,
    string? ProviderDepartment = null,
    string? Summary = null,
    string? Format = null,
    IReadOnlyList<ItemInput>? Items = null,
    string? SubjectItem = null,
    string? Holding = null,
    string? SharingClass = null,
    string? SharingConditions = null,
    string? NotSharedBasis = null,
    string? SharingMethod = null,
    string? OpenClass = null,
    string? UpdateCycle = null,
    IReadOnlyList<string>? RelatedCodes = null,
    int? DecisionWorkingDays = null)
{
    public static ResourceInput From(ResourceMetadata m) => new(
        m.Classification, m.Name, m.ProviderCode, m.Summary, m.Format, m.Items.Select(i => new ItemInput(i.Key, i.Name, i.Type, i.Mask)).ToList(),
        m.SubjectItem, m.Holding, m.SharingClass, m.SharingConditions, m.NotSharedBasis, m.SharingMethod, m.OpenClass, m.UpdateCycle,
        m.RelatedCodes, m.DecisionWorkingDays);
}

/// <summary>Checks a draft's metadata field by field (all errors at once, keyed by the input's field names) and builds
/// the document. Related codes are checked by the caller, which knows the database.</summary>
public static partial class ResourceValidator
{
    public const int MaxItems = 200;
    public const int DefaultDecisionWorkingDays = 10;

    [GeneratedRegex("^[0-9]{6,12}$")]
    private static partial Regex ClassificationPattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,39}$")]
    private static partial Regex ItemKeyPattern();

    [GeneratedRegex("^[0-9]{6,12}/[0-9]{6}$")]
    private static partial Regex CodePattern();

    public static bool IsCode(string code) => CodePattern().IsMatch(code);

    public static ResourceMetadata? Check(ResourceInput input, OrgDepartment provider, ValidationErrors errors)
    {
        string T(string code, params object?[] args) => DataCatalogText.T(code, args);
        var classification = input.Classification?.Trim() ?? "";
        if (!ClassificationPattern().IsMatch(classification) || !Vocabulary.Has(Vocabulary.Classes, classification[..1]))
        {
            errors.Add("classification", T("datacatalog.classification_format"));
        }

        var name = Text(errors, "name", input.Name, 100, required: true);
        var summary = Text(errors, "summary", input.Summary, 2000, required: true);
        Choice(errors, "format", input.Format, Vocabulary.Formats);
        Choice(errors, "sharingMethod", input.SharingMethod, Vocabulary.SharingMethods);
        Choice(errors, "updateCycle", input.UpdateCycle, Vocabulary.UpdateCycles);
        if (input.Holding is null || !ResourceHoldings.All.Contains(input.Holding))
        {
            errors.Add("holding", T("datacatalog.choose_one"));
        }

        if (input.OpenClass is null || !OpenClasses.All.Contains(input.OpenClass))
        {
            errors.Add("openClass", T("datacatalog.choose_one"));
        }

        var conditions = Text(errors, "sharingConditions", input.SharingConditions, 1000, required: false);
        var basis = Text(errors, "notSharedBasis", input.NotSharedBasis, 1000, required: false);
        switch (input.SharingClass)
        {
            case SharingClasses.Conditional when conditions.Length == 0:
                errors.Add("sharingConditions", T("datacatalog.conditions_required"));
                break;
            case SharingClasses.NotShared when basis.Length == 0:
                errors.Add("notSharedBasis", T("datacatalog.basis_required"));
                break;
            case SharingClasses.Unconditional or SharingClasses.Conditional or SharingClasses.NotShared:
                break;
            default:
                errors.Add("sharingClass", T("datacatalog.choose_one"));
                break;
        }

        var items = new List<ResourceItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var given = input.Items ?? [];
        if (given.Count == 0)
        {
            errors.Add("items", T("datacatalog.items_required"));
        }
        else if (given.Count > MaxItems)
        {
            errors.Add("items", T("datacatalog.items_too_many", MaxItems));
        }
        else
        {
            for (var i = 0; i < given.Count; i++)
            {
                var item = given[i] ?? new ItemInput(null, null, null, null);
                var key = item.Key?.Trim() ?? "";
                if (!ItemKeyPattern().IsMatch(key))
                {
                    errors.Add($"items[{i}].key", T("datacatalog.item_key_format"));
                }
                else if (!keys.Add(key))
                {
                    errors.Add($"items[{i}].key", T("datacatalog.item_key_duplicate", key));
                }

                var itemName = Text(errors, $"items[{i}].name", item.Name, 50, required: true);
                if (item.Type is null || !ItemTypes.All.Contains(item.Type))
                {
                    errors.Add($"items[{i}].type", T("datacatalog.item_type", string.Join("/", ItemTypes.All)));
                }

                var mask = string.IsNullOrWhiteSpace(item.Mask) ? ItemMasks.None : item.Mask.Trim();
                if (!ItemMasks.All.Contains(mask))
                {
                    errors.Add($"items[{i}].mask", T("datacatalog.item_mask", string.Join("/", ItemMasks.All)));
                }

                items.Add(new ResourceItem(key, itemName, item.Type ?? "", mask));
            }
        }

        var subject = string.IsNullOrWhiteSpace(input.SubjectItem) ? null : input.SubjectItem.Trim();
        if (subject != null && given.Count > 0 && !keys.Contains(subject))
        {
            errors.Add("subjectItem", T("datacatalog.subject_not_item", subject));
        }

        var days = input.DecisionWorkingDays ?? DefaultDecisionWorkingDays;
        if (days is < 1 or > 30)
        {
            errors.Add("decisionWorkingDays", T("datacatalog.decision_days"));
        }

        var related = (input.RelatedCodes ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Select(DataResourceCodes.FromUrl).Distinct().ToList();
        if (related.Count > 50)
        {
            errors.Add("relatedCodes", T("datacatalog.related_too_many"));
        }
        else if (related.FirstOrDefault(c => !IsCode(c)) is { } bad)
        {
            errors.Add("relatedCodes", T("datacatalog.related_unknown", bad));
        }

        if (!errors.IsValid)
        {
            return null;
        }

        return new ResourceMetadata(classification, name, provider.Id, provider.Name, provider.Key, summary, input.Format!, items, subject, input.Holding!,
            input.SharingClass!, input.SharingClass == SharingClasses.Conditional ? conditions : conditions.Length > 0 ? conditions : null,
            input.SharingClass == SharingClasses.NotShared ? basis : basis.Length > 0 ? basis : null,
            input.SharingMethod!, input.OpenClass!, input.UpdateCycle!, related, days);
    }

    private static string Text(ValidationErrors errors, string field, string? value, int max, bool required)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0)
        {
            errors.Add(field, DataCatalogText.T("datacatalog.required"));
        }
        else if (text.Length > max)
        {
            errors.Add(field, DataCatalogText.T("datacatalog.too_long", max));
        }

        return text;
    }

    private static void Choice(ValidationErrors errors, string field, string? value, IReadOnlyList<(string Key, string Zh, string En)> list)
    {
        if (!Vocabulary.Has(list, value))
        {
            errors.Add(field, DataCatalogText.T("datacatalog.choose_one"));
        }
    }
}
