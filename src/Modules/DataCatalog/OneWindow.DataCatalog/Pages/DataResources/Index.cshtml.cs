using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.DataCatalog.Features.Search;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Pages.DataResources;

/// <summary>政务信息资源目录: published resources, searched by words, pinyin or initials and filtered by provider,
/// sharing and open class; keyset paging ("more"). Staff only (the folder's policy).</summary>
public sealed class IndexModel(ResourceSearch search, IOrganisationDirectory organisation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true)] public long? Department { get; set; }

    [BindProperty(SupportsGet = true)] public string? Sharing { get; set; }

    [BindProperty(SupportsGet = true)] public string? Open { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public ResourcePage Results { get; private set; } = new([], null);

    public IReadOnlyList<OrgDepartment> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Departments = await organisation.DepartmentsAsync(ct);
        Sharing = SharingClasses.All.Contains(Sharing ?? "") ? Sharing : null;
        Open = OpenClasses.All.Contains(Open ?? "") ? Open : null;
        Cursor.TryDecodeOptional(After, out var after);
        Results = await search.SearchAsync(new ResourceQuery(Q, Department, Sharing, Open, after, 20), ct);
    }

    public string NextUrl() => $"/data-resources?q={Uri.EscapeDataString(Q ?? "")}&department={Department}&sharing={Sharing}&open={Open}&after={Cursor.Encode(Results.NextAfter!.Value)}";
}
