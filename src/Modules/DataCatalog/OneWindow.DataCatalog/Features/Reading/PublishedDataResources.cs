using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Domain;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Features.Reading;

/// <summary>The catalogue's read port for the exchange (<see cref="IDataResourceCatalog"/>): published versions only,
/// so a resource under review keeps answering with its last published version.</summary>
public sealed class PublishedDataResources(DataCatalogDbContext db, PublishedResourceCache cache) : IDataResourceCatalog
{
    public async Task<SharedResource?> PublishedAsync(string code, CancellationToken ct) =>
        (await PublishedAsync([code], ct)).GetValueOrDefault(code);

    public async Task<IReadOnlyDictionary<string, SharedResource>> PublishedAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        var found = new Dictionary<string, SharedResource>();
        var wanted = new List<string>();
        foreach (var code in codes.Distinct())
        {
            if (!cache.TryGet(code, out var cached))
            {
                wanted.Add(code);
            }
            else if (cached != null)
            {
                found[code] = cached;
            }
        }

        if (wanted.Count == 0)
        {
            return found;
        }

        var rows = await (
            from r in db.Resources.AsNoTracking()
            where r.Code != null && wanted.Contains(r.Code) && r.PublishedVersion != null
            join v in db.Versions.AsNoTracking() on r.Id equals v.ResourceId
            where v.VersionNo == r.PublishedVersion
            select new { r.Id, r.Code, v.VersionNo, v.Document }).ToListAsync(ct);
        var read = rows.ToDictionary(r => r.Code!, r => ToShared(r.Id, r.Code!, r.VersionNo, ResourceMetadata.FromJson(r.Document)));
        foreach (var code in wanted)
        {
            cache.Put(code, read.GetValueOrDefault(code));
        }

        foreach (var (code, resource) in read)
        {
            found[code] = resource;
        }

        return found;
    }

    public static SharedResource ToShared(long id, string code, int version, ResourceMetadata m) => new(
        id, code, version, m.Name, m.ProviderDepartmentId, m.SharingClass, m.SharingConditions, m.NotSharedBasis, m.OpenClass, m.Holding, m.SubjectItem,
        m.DecisionWorkingDays, m.Items.Select(i => i.ToSpec()).ToList());
}
