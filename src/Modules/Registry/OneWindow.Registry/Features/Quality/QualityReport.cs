using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;

namespace OneWindow.Registry.Features.Quality;

/// <summary>
/// Data quality (数据质量) of one source:
/// <list type="bullet">
/// <item>completeness: fields it holds a current value for ÷ (entities it supplied × its expected fields; optional
/// fields such as deathDate not counted);</item>
/// <item>validity: accepted records ÷ (accepted + invalid records of refused batches) over the last 30 days;</item>
/// <item>openConflicts: open conflicts on a field it holds a value for;</item>
/// <item>freshness: age of its latest accepted record.</item>
/// </list>
/// Ratios are null when there is nothing to measure.
/// </summary>
public sealed record SourceQuality(string Source, string Name, string NameEn, string Kind, bool Active, int Entities, double? Completeness,
    int Accepted30Days, int Invalid30Days, int RefusedBatches30Days, double? Validity, int OpenConflicts, DateTimeOffset? LatestReceivedAt, double? FreshnessDays);

public sealed record QualityResponse(DateTimeOffset ComputedAt, int WindowDays, IReadOnlyList<SourceQuality> Sources);

public sealed class QualityReport(RegistryDbContext db, TimeProvider clock)
{
    public const int WindowDays = 30;

    public async Task<QualityResponse> ComputeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now.AddDays(-WindowDays);
        var sources = await db.Sources.AsNoTracking().OrderBy(s => s.Kind).ThenBy(s => s.Id).ToListAsync(ct);
        // Optional fields (deathDate) are neither expected nor counted as held.
        var optional = RegistryFields.Person.Concat(RegistryFields.LegalPerson).Where(f => f.Optional).Select(f => f.Key).Distinct().ToList();
        var claims = await db.Claims.GroupBy(c => c.SourceId)
            .Select(g => new { g.Key, Present = g.Count(c => !optional.Contains(c.Field)), Entities = g.Select(c => c.EntityId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, ct);
        var recent = await db.Records.Where(r => r.ReceivedAt >= since).GroupBy(r => r.SourceId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var latest = await db.Records.GroupBy(r => r.SourceId)
            .Select(g => new { g.Key, Last = g.Max(r => r.Id) }).ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var lastIds = latest.Values.ToList();
        var latestAt = await db.Records.Where(r => lastIds.Contains(r.Id)).Select(r => new { r.SourceId, r.ReceivedAt }).ToDictionaryAsync(x => x.SourceId, x => x.ReceivedAt, ct);
        var refused = await db.Rejections.Where(r => r.RejectedAt >= since).GroupBy(r => r.SourceId)
            .Select(g => new { g.Key, Invalid = g.Sum(r => r.InvalidRecords), Batches = g.Count() }).ToDictionaryAsync(x => x.Key, ct);
        var conflicts = await db.Conflicts.Where(c => c.Status == ConflictStatus.Open)
            .Join(db.Claims, c => new { c.EntityId, c.Field }, cl => new { cl.EntityId, cl.Field }, (c, cl) => cl.SourceId)
            .GroupBy(s => s).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var result = new List<SourceQuality>();
        foreach (var source in sources)
        {
            var expected = source.FieldList.Count(f => RegistryFields.Find(source.Kind, f) is { Optional: false });
            var held = claims.GetValueOrDefault(source.Id);
            double? completeness = null;
            if (held is { Entities: > 0 } && expected > 0)
            {
                completeness = Math.Min(1.0, (double)held.Present / (held.Entities * expected));
            }

            var accepted = recent.GetValueOrDefault(source.Id);
            var invalid = refused.GetValueOrDefault(source.Id)?.Invalid ?? 0;
            DateTimeOffset? last = latestAt.TryGetValue(source.Id, out var at) ? at : null;
            result.Add(new SourceQuality(source.Key, source.Name, source.NameEn, source.Kind, source.Active, held?.Entities ?? 0, completeness,
                accepted, invalid, refused.GetValueOrDefault(source.Id)?.Batches ?? 0, accepted + invalid == 0 ? null : (double)accepted / (accepted + invalid),
                conflicts.GetValueOrDefault(source.Id), last, last is { } l ? Math.Round((now - l).TotalDays, 2) : null));
        }

        return new QualityResponse(now, WindowDays, result);
    }
}
