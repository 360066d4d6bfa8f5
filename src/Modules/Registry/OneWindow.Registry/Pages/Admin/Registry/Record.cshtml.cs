using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Registry;
using OneWindow.Registry.Features;
using OneWindow.Registry.Features.Conflicts;
using OneWindow.Registry.Features.Reading;

namespace OneWindow.Registry.Pages.Admin.Registry;

/// <summary>A golden record: each field's value and how it was decided, every source's value, the field history
/// and the record's conflicts. The code is masked; revealing it is a POST that is audited. Reading is audited too.</summary>
[Authorize(Policy = RegistryModule.StaffPolicy)]
public sealed class RecordModel(RegistryReader reader, ConflictDesk desk, RegistryOptions options) : PageModel
{
    public RecordView Record { get; private set; } = null!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public IReadOnlyList<ConflictView> Conflicts { get; private set; } = [];

    public bool Revealed { get; private set; }

    public Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => ShowAsync(id, reveal: false, ct);

    public Task<IActionResult> OnPostRevealAsync(long id, CancellationToken ct) => ShowAsync(id, reveal: true, ct);

    private async Task<IActionResult> ShowAsync(long id, bool reveal, CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MayRead(options.RegionCode))
        {
            return Forbid();
        }

        var entity = await reader.FindAsync(id, ct);
        if (entity == null)
        {
            return NotFound();
        }

        await reader.AuditReadAsync(entity, actor, reveal ? "registry.record_revealed" : "registry.record_read", ct);
        Revealed = reveal;
        Record = await reader.ViewAsync(entity, ct);
        History = (await reader.HistoryAsync(entity, null, null, 100, ct)).Value!.Items;
        Conflicts = await desk.OfEntityAsync(entity.Id, ct);
        return Page();
    }
}
