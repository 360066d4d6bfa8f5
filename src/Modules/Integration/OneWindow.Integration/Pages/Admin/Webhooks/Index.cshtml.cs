using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Integration.Domain;
using OneWindow.Integration.Subscriptions;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Integration.Pages.Admin.Webhooks;

/// <summary>事件订阅: the webhook subscriptions a department admin (its department) or platform admin (all) reaches,
/// the newest deliveries with status and attempts, and a redeliver button per delivery (POST with a CSRF token,
/// audited by the service). Other staff get 403.</summary>
public sealed class IndexModel(WebhookSubscriptions subscriptions, IOrganisationDirectory directory) : PageModel
{
    public const int RecentCount = 50;

    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

    public IReadOnlyList<DeliveryRow> Deliveries { get; private set; } = [];

    public IReadOnlyDictionary<long, OrgDepartment> Departments { get; private set; } = new Dictionary<long, OrgDepartment>();

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        WebhookActor.From(User) is { } actor ? await ShowAsync(actor, ct) : StatusCode(StatusCodes.Status403Forbidden);

    public async Task<IActionResult> OnPostRedeliverAsync(long deliveryId, CancellationToken ct)
    {
        if (WebhookActor.From(User) is not { } actor)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var outcome = await subscriptions.RedeliverAsync(deliveryId, actor, ct);
        if (outcome.Succeeded)
        {
            TempData["Message"] = Lang.L($"投递 {deliveryId} 已重新排队，将在下一轮发送", $"Delivery {deliveryId} is queued again and goes out with the next pass");
            return Redirect("/admin/webhooks");
        }

        if (outcome.Failure!.Kind != FailureKind.Invalid)
        {
            return NotFound();
        }

        Error = outcome.Failure.Detail;
        var page = await ShowAsync(actor, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    public string DepartmentName(long? id) => id is { } d
        ? Departments.TryGetValue(d, out var department) ? (Lang.IsEnglish ? department.NameEn : department.Name) : d.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Lang.L("全平台", "Platform-wide");

    private async Task<IActionResult> ShowAsync(WebhookActor actor, CancellationToken ct)
    {
        Subscriptions = (await subscriptions.ListAsync(actor, null, WebhookSubscriptions.MaxPageSize, ct)).Rows;
        Deliveries = await subscriptions.RecentDeliveriesAsync(actor, RecentCount, ct);
        Departments = (await directory.DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        return Page();
    }
}
