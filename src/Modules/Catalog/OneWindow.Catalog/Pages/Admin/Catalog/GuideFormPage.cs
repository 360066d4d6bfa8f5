using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features;
using OneWindow.Catalog.Features.Api;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Catalog.Pages.Admin.Catalog;

/// <summary>What the create and edit pages share: the posted form, its errors keyed like GuideValidator's, and the
/// mapping from an error key to the id of the input it belongs to (for the error summary's links).</summary>
public abstract class GuideFormPage : PageModel
{
    [BindProperty] public GuideForm Form { get; set; } = GuideForm.Blank();

    /// <summary>Set by an "添加一行" button: which list gets another empty row. The form is then shown again, not saved.</summary>
    [BindProperty] public string? AddRow { get; set; }

    public ValidationErrors Errors { get; protected set; } = new();

    /// <summary>A message that is not about one field (conflict, forbidden).</summary>
    public string? Problem { get; protected set; }

    public CatalogActor Actor => CatalogClaims.ToActor(User) ?? throw new InvalidOperationException("Admin pages require a signed-in user.");

    /// <summary>"申请材料第3行：" for a key inside a list (materials[2].name), so the summary says which row without codes.</summary>
    public static string RowLabel(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        var close = key.IndexOf(']', StringComparison.Ordinal);
        if (open <= 0 || close <= open || !int.TryParse(key.AsSpan(open + 1, close - open - 1), out var index))
        {
            return "";
        }

        var list = key[..open] switch
        {
            "legalBasis" => Lang.L("设定依据", "Legal basis"),
            "materials" => Lang.L("申请材料", "Materials"),
            "steps" => Lang.L("办理流程", "Steps"),
            "locations" => Lang.L("办理地点", "Locations"),
            "faq" => Lang.L("常见问题", "FAQ"),
            var other => other,
        };
        return Lang.L($"{list}第{index + 1}行：", $"{list}, row {index + 1}: ");
    }

    public static string Id(string key) => "f-" + key.Replace("[", "-", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace('.', '-');

    public string? Error(string key) => Errors.First(key);

    public string? Describe(string key) => Errors.Has(key) ? Id(key) + "-error" : null;

    public string? ErrorClass(string key) => Errors.Has(key) ? "input-error" : null;

    /// <summary>Handles the add-row button; returns true when the request was only that.</summary>
    protected bool HandledAddRow()
    {
        if (string.IsNullOrEmpty(AddRow))
        {
            return false;
        }

        Form.Compact(dropEmpty: false);
        Form.EnsureEmptyRows(GuideForm.Lists.Contains(AddRow) ? AddRow : null);
        ModelState.Clear();
        return true;
    }

    /// <summary>Drops deleted and empty rows and parses the form. Unparseable numbers are shown together with everything
    /// else the validator finds, and nothing is saved.</summary>
    protected bool TryParse(out ItemGuide guide)
    {
        Form.Compact(dropEmpty: true);
        guide = Form.ToGuide(Errors);
        if (Errors.IsValid)
        {
            return true;
        }

        ShowFailure(CatalogText.Invalid(GuideValidator.Validate(guide)));
        return false;
    }

    protected void ShowFailure(Failure failure)
    {
        if (failure.Errors != null)
        {
            foreach (var (key, messages) in failure.Errors)
            {
                foreach (var message in messages)
                {
                    Errors.Add(key, message);
                }
            }
        }

        Problem = failure.Kind is FailureKind.Invalid ? null : failure.Detail;
        Form.EnsureEmptyRows(null);
    }
}
