using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features;
using OneWindow.Registry.Features.Reading;
using OneWindow.Shared;
using OneWindow.Shared.Web;

namespace OneWindow.Registry.Pages.Admin.Registry;

/// <summary>基础信息资源库: look a record up by its exact code (the registry is not a people search), and the sources.</summary>
[Authorize(Policy = RegistryModule.StaffPolicy)]
public sealed class IndexModel(RegistryDbContext db, RegistryReader reader, RegistryOptions options, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string Kind { get; set; } = OneWindow.Shared.Registry.RegistryRecord.Person;

    [BindProperty]
    public string? Code { get; set; }

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<RegistrySource> Sources { get; private set; } = [];

    public int OpenConflicts { get; private set; }

    public bool MaySteward { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MayRead(options.RegionCode))
        {
            return Forbid();
        }

        await LoadAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (RegistryActor.From(User) is not { } actor || !actor.MayRead(options.RegionCode))
        {
            return Forbid();
        }

        if (!RegistryFields.IsKind(Kind))
        {
            Kind = OneWindow.Shared.Registry.RegistryRecord.Person;
        }

        var (code, error) = RegistryFields.CheckCode(Kind, Code, ChinaTime.Today(clock));
        if (error != null)
        {
            Errors.Add("code", Lang.L("代码", "Code"), Lang.Pick(error));
        }
        else if (await reader.FindAsync(Kind, code!, ct) is { } entity)
        {
            return Redirect($"/admin/registry/records/{entity.Id}");
        }
        else
        {
            Errors.Add("code", Lang.L("代码", "Code"), Lang.L("库中没有该代码的记录", "The registry holds no record for this code"));
        }

        await LoadAsync(actor, ct);
        return Page();
    }

    private async Task LoadAsync(RegistryActor actor, CancellationToken ct)
    {
        Sources = await db.Sources.AsNoTracking().OrderBy(s => s.Kind).ThenBy(s => s.Id).ToListAsync(ct);
        OpenConflicts = await db.Conflicts.CountAsync(c => c.Status == ConflictStatus.Open, ct);
        MaySteward = actor.MaySteward(options.RegionCode);
    }
}
