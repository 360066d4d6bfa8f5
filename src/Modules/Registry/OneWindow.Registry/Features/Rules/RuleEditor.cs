using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features.Golden;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;

namespace OneWindow.Registry.Features.Rules;

public sealed record RuleView(string Kind, string Field, string Label, string LabelEn, string Strategy, IReadOnlyList<IReadOnlyList<string>> Priority, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>A rule change: strategy priority | newest | steward, and for priority the source keys by tier (first tier wins).</summary>
public sealed record UpdateRuleRequest(string? Strategy, IReadOnlyList<IReadOnlyList<string>?>? Priority);

/// <summary>Golden-record rules (规则): listed for staff, changed by data_admin. A change recomputes the golden records of
/// every entity holding a value for the field, in chunks, in the change's transaction.</summary>
public sealed class RuleEditor(RegistryDbContext db, GoldenBuilder builder, TimeProvider clock)
{
    private const int Chunk = 500;

    public async Task<IReadOnlyList<RuleView>> ListAsync(CancellationToken ct)
    {
        var rules = await db.Rules.AsNoTracking().ToListAsync(ct);
        return RegistryFields.Kinds.SelectMany(kind => RegistryFields.Of(kind).Select(f =>
        {
            var rule = rules.FirstOrDefault(r => r.Kind == kind && r.Field == f.Key);
            return new RuleView(kind, f.Key, f.Zh, f.En, rule?.Strategy ?? RuleStrategies.Steward, rule?.Tiers ?? [], rule?.UpdatedBy ?? "", rule?.UpdatedAt ?? default);
        })).ToList();
    }

    public async Task<Outcome<RuleView>> UpdateAsync(string kind, string field, UpdateRuleRequest? request, RegistryActor actor, CancellationToken ct)
    {
        var definition = RegistryFields.IsKind(kind) ? RegistryFields.Find(kind, field) : null;
        if (definition == null)
        {
            return RegistryText.Fail(FailureKind.NotFound, "registry.field_not_found", kind, field);
        }

        var errors = new ValidationErrors();
        var strategy = request?.Strategy?.Trim() ?? "";
        if (!RuleStrategies.All.Contains(strategy))
        {
            errors.Add("strategy", "strategy 应为 priority（按来源优先级）、newest（最新者优先）或 steward（由数据管理员裁定）");
        }

        var sources = await db.Sources.AsNoTracking().Where(s => s.Kind == kind).ToListAsync(ct);
        var tiers = new List<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (request?.Priority?.Count ?? 0); i++)
        {
            var tier = request!.Priority![i];
            if (tier == null || tier.Count == 0)
            {
                errors.Add($"priority[{i}]", "每一级至少列出一个数据来源");
                continue;
            }

            var keys = new List<string>();
            foreach (var key in tier)
            {
                var source = sources.FirstOrDefault(s => s.Key == key);
                if (source == null)
                {
                    errors.Add($"priority[{i}]", $"{RegistryFields.KindTitle(kind).Zh}没有数据来源 {key}");
                }
                else if (!source.FieldList.Contains(field))
                {
                    errors.Add($"priority[{i}]", $"数据来源 {key} 不提供字段 {field}");
                }
                else if (!seen.Add(key))
                {
                    errors.Add($"priority[{i}]", $"数据来源 {key} 重复出现");
                }
                else
                {
                    keys.Add(key);
                }
            }

            tiers.Add(keys);
        }

        if (strategy == RuleStrategies.Priority && tiers.Count == 0 && !errors.Has("strategy"))
        {
            errors.Add("priority", "按来源优先级时请列出数据来源的优先顺序");
        }

        if (!errors.IsValid)
        {
            return RegistryText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rule = await db.Rules.FirstOrDefaultAsync(r => r.Kind == kind && r.Field == field, ct);
        if (rule == null)
        {
            rule = new FieldRule { Kind = kind, Field = field };
            db.Rules.Add(rule);
        }

        rule.Strategy = strategy;
        rule.Priority = strategy == RuleStrategies.Priority ? RuleStrategies.FormatTiers(tiers) : "";
        rule.UpdatedBy = actor.Subject;
        rule.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var entityIds = await db.Claims.Where(c => c.Field == field).Join(db.Entities.Where(e => e.Kind == kind), c => c.EntityId, e => e.Id, (c, e) => e.Id)
            .Distinct().ToListAsync(ct);
        foreach (var chunk in entityIds.Chunk(Chunk))
        {
            await builder.RecomputeAsync(chunk, now, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentText, "registry.rule_changed", "registry_rule", $"{kind}.{field}",
            $"主数据规则 {kind}.{field} 改为 {strategy} {rule.Priority}", JsonSerializer.Serialize(new { strategy, priority = rule.Priority, recomputed = entityIds.Count })), now, ct);
        await transaction.CommitAsync(ct);
        return new RuleView(kind, field, definition.Zh, definition.En, rule.Strategy, rule.Tiers, rule.UpdatedBy, rule.UpdatedAt);
    }
}
