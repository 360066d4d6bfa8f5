using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.DataCatalog.Domain;
using OneWindow.DataCatalog.Features;
using OneWindow.DataCatalog.Features.Editing;
using OneWindow.DataCatalog.Features.Reading;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.DataCatalog.Pages.Admin.DataResources;

/// <summary>Registers a resource or edits its draft (a published one gets a new draft version). Items are a textarea of
/// one item per line, <c>key|中文名|type|mask</c>, so the form works without JavaScript; errors are shown per line.</summary>
public sealed partial class EditModel(ResourceEditor editor, ResourceReader reader, IOrganisationDirectory organisation) : PageModel
{
    [BindProperty] public string? Classification { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ProviderDepartment { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Format { get; set; }
    [BindProperty] public string? Items { get; set; }
    [BindProperty] public string? SubjectItem { get; set; }
    [BindProperty] public string? Holding { get; set; } = OneWindow.Shared.Sharing.ResourceHoldings.Table;
    [BindProperty] public string? SharingClass { get; set; }
    [BindProperty] public string? SharingConditions { get; set; }
    [BindProperty] public string? NotSharedBasis { get; set; }
    [BindProperty] public string? SharingMethod { get; set; }
    [BindProperty] public string? OpenClass { get; set; }
    [BindProperty] public string? UpdateCycle { get; set; }
    [BindProperty] public string? RelatedCodes { get; set; }
    [BindProperty] public string? DecisionWorkingDays { get; set; } = "10";

    public long? Id { get; private set; }

    public ResourceView? Current { get; private set; }

    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    private PlatformPrincipal Staff => PlatformPrincipal.From(User)!;

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Current == null && id != null ? NotFound() : Forbid();
        }

        if (Current != null)
        {
            var m = Current.Metadata;
            (Classification, Name, ProviderDepartment, Summary, Format, SubjectItem, Holding) = (m.Classification, m.Name, m.ProviderCode, m.Summary, m.Format, m.SubjectItem, m.Holding);
            (SharingClass, SharingConditions, NotSharedBasis, SharingMethod, OpenClass, UpdateCycle) = (m.SharingClass, m.SharingConditions, m.NotSharedBasis, m.SharingMethod, m.OpenClass, m.UpdateCycle);
            Items = string.Join("\n", m.Items.Select(i => $"{i.Key}|{i.Name}|{i.Type}|{i.Mask}"));
            RelatedCodes = string.Join(" ", m.RelatedCodes);
            DecisionWorkingDays = m.DecisionWorkingDays.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            ProviderDepartment = Departments.FirstOrDefault(d => d.Id == Staff.DepartmentId)?.Key;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return Current == null && id != null ? NotFound() : Forbid();
        }

        var lines = (Items ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var items = lines.Select(l => l.Split('|', StringSplitOptions.TrimEntries)).Select(p => new ItemInput(p[0], p.ElementAtOrDefault(1), p.ElementAtOrDefault(2), p.ElementAtOrDefault(3))).ToList();
        var input = new ResourceInput(Classification, Name, ProviderDepartment, Summary, Format, items, SubjectItem, Holding, SharingClass, SharingConditions, NotSharedBasis,
            SharingMethod, OpenClass, UpdateCycle, (RelatedCodes ?? "").Split([' ', ',', '，', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
            int.TryParse(DecisionWorkingDays, NumberStyles.None, CultureInfo.InvariantCulture, out var days) ? days : 0);
        var result = Current == null ? await editor.CreateAsync(input, Staff, ct) : await editor.UpdateAsync(Current.Key, input, Staff, ct);
        if (result.Failure is not { } failure)
        {
            TempData["Message"] = Lang.L($"{result.Value!.Name} 已保存为草稿，提交审核后发布。", $"{result.Value!.Name} saved as a draft; submit it for review to publish.");
            return Redirect("/admin/data-resources");
        }

        foreach (var (field, messages) in failure.Errors ?? new Dictionary<string, string[]>())
        {
            if (ItemField().Match(field) is { Success: true } match)
            {
                var line = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
                Errors.Add("items", Lang.L("信息项", "Data items"), DataCatalogText.T("datacatalog.items_line", line, messages[0]));
            }
            else
            {
                var (zh, en) = Labels.GetValueOrDefault(field, (field, field));
                Errors.Add(field, Lang.L(zh, en), messages[0]);
            }
        }

        Problem = failure.Errors is { Count: > 0 } ? null : failure.Detail;
        Response.StatusCode = failure.Status;
        return Page();
    }

    private static readonly Dictionary<string, (string Zh, string En)> Labels = new()
    {
        ["classification"] = ("资源分类", "Classification"), ["name"] = ("资源名称", "Name"), ["providerDepartment"] = ("提供方", "Provider"),
        ["summary"] = ("资源摘要", "Summary"), ["format"] = ("资源格式", "Format"), ["items"] = ("信息项", "Data items"), ["subjectItem"] = ("主体信息项", "Subject item"),
        ["holding"] = ("数据所在", "Held in"), ["sharingClass"] = ("共享属性", "Sharing"), ["sharingConditions"] = ("共享条件", "Conditions"),
        ["notSharedBasis"] = ("不予共享依据", "Legal basis"), ["sharingMethod"] = ("共享方式", "Sharing method"), ["openClass"] = ("开放属性", "Open data"),
        ["updateCycle"] = ("更新周期", "Update cycle"), ["relatedCodes"] = ("关联资源代码", "Related resources"), ["decisionWorkingDays"] = ("申请答复时限", "Decision time"),
    };

    /// <summary>All messages of one field (items may have several lines wrong).</summary>
    public IEnumerable<string> ErrorsFor(string field) => Errors.Items.Where(i => i.Field == field).Select(i => i.Message);

    [GeneratedRegex(@"^items\[(\d+)\]")]
    private static partial Regex ItemField();

    private async Task<bool> LoadAsync(long? id, CancellationToken ct)
    {
        Id = id;
        Departments = await organisation.DepartmentsAsync(ct);
        if (id is { } resourceId)
        {
            Current = await reader.LatestAsync(resourceId, Staff, ct);
            return Current != null && DataCatalogAccess.MayEdit(Staff, Current.Metadata.ProviderDepartmentId,
                Departments.FirstOrDefault(d => d.Id == Current.Metadata.ProviderDepartmentId)?.RegionCode ?? "");
        }

        return DataCatalogAccess.HasCatalogueRole(Staff);
    }
}
