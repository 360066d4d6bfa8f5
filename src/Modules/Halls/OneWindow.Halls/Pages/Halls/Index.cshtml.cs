using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Halls.Features.Halls;
using OneWindow.Shared.Organisation;

namespace OneWindow.Halls.Pages.Halls;

/// <summary>政务服务大厅: the active halls, grouped by division, optionally of one division and below.</summary>
public sealed class IndexModel(HallDirectory directory, IOrganisationDirectory organisation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }

    public IReadOnlyList<IGrouping<string, HallView>> Groups { get; private set; } = [];

    public IReadOnlyList<(string Code, string Name)> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await directory.ActiveAsync(null, ct);
        var codes = all.Select(h => h.RegionCode).Distinct().ToList();
        var names = await organisation.RegionNamesAsync(codes, ct);
        Regions = codes.Select(c => (c, names.GetValueOrDefault(c, c))).ToList();
        var valid = Region is { Length: 6 } && Region.All(char.IsAsciiDigit);
        var shown = valid ? await directory.ActiveAsync(Region, ct) : all;
        Region = valid ? Region : null;
        Groups = shown.GroupBy(h => h.RegionCode).ToList();
    }

    public string RegionName(string code) => Regions.FirstOrDefault(r => r.Code == code).Name ?? code;
}
