using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;

namespace OneWindow.Registry.Features.Golden;

/// <summary>One value of a conflict as stored and shown: which source said what, observed when.</summary>
public sealed record ConflictValue(string Source, string Value, DateTimeOffset ObservedAt);

/// <summary>
/// Recomputes the golden records (黄金记录) of the given entities from their current claims, the rules and the
/// stewards' decisions, and opens, updates or clears their conflicts. Runs inside the caller's transaction (an
/// ingest, a resolution or a rule change) and loads everything for all entities at once: one query per table, not
/// per entity. Changes are left in the context for the caller to save.
/// </summary>
public sealed class GoldenBuilder(RegistryDbContext db)
{
    public async Task<GoldenChanges> RecomputeAsync(IReadOnlyCollection<long> entityIds, DateTimeOffset now, CancellationToken ct)
    {
        var changes = new GoldenChanges();
        if (entityIds.Count == 0)
        {
            return changes;
        }

        var ids = entityIds.Distinct().ToList();
        var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Key, ct);
        var rules = await db.Rules.AsNoTracking().ToListAsync(ct);
        var entities = await db.Entities.Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var claims = (await db.Claims.AsNoTracking().Where(c => ids.Contains(c.EntityId)).ToListAsync(ct))
            .ToLookup(c => (c.EntityId, c.Field));
        var decisions = (await db.Decisions.AsNoTracking().Where(d => ids.Contains(d.EntityId)).ToListAsync(ct))
            .GroupBy(d => (d.EntityId, d.Field)).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Id)!);
        var golden = (await db.Golden.Where(g => ids.Contains(g.EntityId)).ToListAsync(ct)).ToDictionary(g => (g.EntityId, g.Field));
        var open = (await db.Conflicts.Where(c => ids.Contains(c.EntityId) && c.Status == ConflictStatus.Open).ToListAsync(ct))
            .ToDictionary(c => (c.EntityId, c.Field));

        foreach (var entity in entities)
        {
            foreach (var field in RegistryFields.Of(entity.Kind))
            {
                var key = (entity.Id, field.Key);
                var fieldClaims = claims[key].Select(c => new Claim(c.SourceId, sources[c.SourceId], c.Value, c.ObservedAt, c.ReceivedAt)).ToList();
                var rule = rules.FirstOrDefault(r => r.Kind == entity.Kind && r.Field == field.Key);
                var outcome = GoldenRules.Decide(rule, fieldClaims, decisions.GetValueOrDefault(key));
                Apply(entity, field.Key, outcome, golden.GetValueOrDefault(key), now);
                changes.Add(UpdateConflict(entity, field.Key, outcome?.Conflict, open.GetValueOrDefault(key), now));
            }
        }

        return changes;
    }

    private void Apply(RegistryEntity entity, string field, FieldOutcome? outcome, GoldenField? current, DateTimeOffset now)
    {
        if (outcome == null)
        {
            if (current != null)
            {
                db.Golden.Remove(current);
            }

            return;
        }

        if (current == null)
        {
            current = new GoldenField { EntityId = entity.Id, Field = field };
            db.Golden.Add(current);
        }
        else if (current.Value == outcome.Value && current.SourceId == outcome.SourceId && current.Basis == outcome.Basis && current.AsOf == outcome.AsOf)
        {
            return;
        }

        current.Value = outcome.Value;
        current.SourceId = outcome.SourceId;
        current.AsOf = outcome.AsOf;
        current.Basis = outcome.Basis;
        current.UpdatedAt = now;
        entity.UpdatedAt = now;
    }

    private ConflictChange UpdateConflict(RegistryEntity entity, string field, ConflictFinding? finding, RegistryConflict? existing, DateTimeOffset now)
    {
        if (finding == null)
        {
            if (existing == null)
            {
                return ConflictChange.None;
            }

            existing.Status = ConflictStatus.Cleared;
            existing.ClosedAt = now;
            existing.ClosedBy = "data";
            existing.UpdatedAt = now;
            return ConflictChange.Cleared;
        }

        var values = JsonSerializer.Serialize(finding.Claims.Select(c => new ConflictValue(c.SourceKey, c.Value, c.ObservedAt)), Json);
        if (existing == null)
        {
            db.Conflicts.Add(new RegistryConflict
            {
                EntityId = entity.Id, Kind = entity.Kind, Field = field, Status = ConflictStatus.Open, Blocking = finding.Blocking,
                ValuesJson = values, OpenedAt = now, UpdatedAt = now,
            });
            return ConflictChange.Opened;
        }

        if (existing.ValuesJson != values || existing.Blocking != finding.Blocking)
        {
            existing.ValuesJson = values;
            existing.Blocking = finding.Blocking;
            existing.UpdatedAt = now;
        }

        return ConflictChange.None;
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ConflictValue> ReadValues(string json) => JsonSerializer.Deserialize<List<ConflictValue>>(json, Json) ?? [];
}

public enum ConflictChange
{
    None,
    Opened,
    Cleared,
}

public sealed class GoldenChanges
{
    public int Opened { get; private set; }

    public int Cleared { get; private set; }

    public void Add(ConflictChange change)
    {
        if (change == ConflictChange.Opened)
        {
            Opened++;
        }
        else if (change == ConflictChange.Cleared)
        {
            Cleared++;
        }
    }
}
