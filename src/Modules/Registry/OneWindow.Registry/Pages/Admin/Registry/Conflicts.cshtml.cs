using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Registry;
using OneWindow.Registry.Features;
using OneWindow.Registry.Features.Conflicts;
using OneWindow.Shared.Web;

namespace OneWindow.Registry.Pages.Admin.Registry;

/// <summary>数据冲突: open conflicts oldest first (keyset paging), each with a form to settle it by picking a source's value.</summary>
[Authorize(Policy = RegistryModule.StaffPolicy)]
public sealed class ConflictsModel(ConflictDesk desk, RegistryOptions options) : PageModel
{
    public ConflictPage Listing { get; private set; } = new([], null);

    public bool MaySteward { get; private set; }

    public long? FailedId { get; private set; }

    public FormErrors Errors { get; } = new();

    public string? Resolved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? after, string? resolved, CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MayRead(options.RegionCode))
        {
            return Forbid();
        }

        Resolved = resolved;
        return await LoadAsync(actor, after, ct) ? Page() : BadRequest();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] long conflictId, [FromForm] string? source, [FromForm] string? reason, CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MaySteward(options.RegionCode))
        {
            return Forbid();
        }

        var result = await desk.ResolveAsync(conflictId, new ResolveConflictRequest(null, source, reason), actor, ct);
        if (result.Value != null)
        {
            return Redirect("/admin/registry/conflicts?resolved=" + conflictId);
        }

        FailedId = conflictId;
        if (result.Failure!.Errors is { } fieldErrors)
        {
            foreach (var (key, messages) in fieldErrors)
            {
                Errors.Add($"c{conflictId}-{key}", key == "reason" ? Lang.L("理由", "Reason") : Lang.L("取值", "Value"),
                    key == "reason" ? Lang.L(messages[0], "The reason is at most 500 characters") : Lang.L("请选择一个数据来源的取值", "Choose one source's value"));
            }
        }
        else
        {
            Errors.Add($"c{conflictId}-source", "", result.Failure.Detail);
        }

        await LoadAsync(actor, null, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(RegistryActor actor, string? after, CancellationToken ct)
    {
        MaySteward = actor.MaySteward(options.RegionCode);
        var result = await desk.ListAsync(null, null, after, null, ct);
        if (result.Value == null)
        {
            return false;
        }

        Listing = result.Value;
        return true;
    }
}
