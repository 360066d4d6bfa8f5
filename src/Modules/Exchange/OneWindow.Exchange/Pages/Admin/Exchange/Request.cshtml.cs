using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Pages.Admin.Exchange;

/// <summary>申请共享数据: a department administrator asks for a published resource. Item keys and client ids are typed
/// one per line or separated by commas, so the form works without JavaScript.</summary>
public sealed class RequestModel(GrantDesk desk, IDataResourceCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ResourceCode { get; set; }

    [BindProperty] public string? Purpose { get; set; }

    [BindProperty] public string? LegalBasis { get; set; }

    [BindProperty] public string? Items { get; set; }

    [BindProperty] public string? ClearItems { get; set; }

    [BindProperty] public string? RowScope { get; set; } = "all";

    [BindProperty] public string? RowRegion { get; set; }

    [BindProperty] public string? ClientIds { get; set; }

    [BindProperty] public string? ValidFrom { get; set; }

    [BindProperty] public string? ValidUntil { get; set; }

    public SharedResource? Resource { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadResourceAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = new GrantActor(PlatformPrincipal.From(User)!);
        var result = await desk.RequestAsync(actor, new GrantRequest(ResourceCode, Purpose, LegalBasis, List(Items), List(ClearItems), RowScope, RowRegion,
            List(ClientIds), ValidFrom, ValidUntil), ct);
        if (result.Value is { } grant)
        {
            return Redirect($"/admin/exchange?as=consumer#grant-{grant.Id}");
        }

        var failure = result.Failure!;
        if (failure.Kind == FailureKind.Invalid)
        {
            failure.AddTo(Errors, Label, "resourceCode");
        }
        else
        {
            Problem = failure.Detail;
        }

        Response.StatusCode = failure.Status;
        await LoadResourceAsync(ct);
        return Page();
    }

    public static string Label(string field) => field switch
    {
        "resourceCode" => Lang.L("资源代码", "Resource code"),
        "purpose" => Lang.L("用途", "Purpose"),
        "legalBasis" => Lang.L("依据", "Legal basis"),
        "items" => Lang.L("信息项", "Items"),
        "clearItems" => Lang.L("需明文的信息项", "Items in clear"),
        "rowScope" => Lang.L("数据范围", "Rows"),
        "rowRegion" => Lang.L("行政区划", "Division"),
        "clientIds" => Lang.L("调用系统", "Client systems"),
        "validFrom" => Lang.L("开始日期", "From"),
        "validUntil" => Lang.L("结束日期", "Until"),
        _ => field,
    };

    private static List<string> List(string? text) =>
        (text ?? "").Split([',', '，', '\n', '\r', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private async Task LoadResourceAsync(CancellationToken ct) =>
        Resource = string.IsNullOrWhiteSpace(ResourceCode) ? null : await catalog.PublishedAsync(DataResourceCodes.FromUrl(ResourceCode.Trim()), ct);
}
