using OneWindow.Registry.Domain;

namespace OneWindow.Registry.Features.Golden;

/// <summary>A source's current value for a field, as the rules see it.</summary>
public sealed record Claim(long SourceId, string SourceKey, string Value, DateTimeOffset ObservedAt, DateTimeOffset ReceivedAt);

/// <summary>A disagreement the rules found: blocking (the rule cannot decide, the field is left out) or advisory (a
/// higher-priority source won over a lower one that says otherwise).</summary>
public sealed record ConflictFinding(bool Blocking, IReadOnlyList<Claim> Claims);

/// <summary>What the golden record holds for a field. <see cref="Value"/> is null for a blocking conflict.</summary>
public sealed record FieldOutcome(string? Value, long? SourceId, DateTimeOffset? AsOf, string Basis, ConflictFinding? Conflict);

/// <summary>
/// The declared rules (see docs/registry.md "Which disagreements are conflicts"):
/// <list type="bullet">
/// <item>A steward's decision applies until a source later (by received time) states a different value.</item>
/// <item>All sources agree: that value, no conflict, whatever the strategy.</item>
/// <item>priority: the first tier holding a value wins; different values inside that tier are a blocking conflict;
/// a lower tier that disagrees with the winner is an advisory conflict. Sources the rule does not list rank last.</item>
/// <item>newest: the latest observedAt wins; different values observed at that same instant are a blocking conflict;
/// older values that differ are history, not a conflict.</item>
/// <item>steward (and fields without a rule): any disagreement is a blocking conflict.</item>
/// </list>
/// </summary>
public static class GoldenRules
{
    public static FieldOutcome? Decide(FieldRule? rule, IReadOnlyList<Claim> claims, ManualDecision? decision)
    {
        if (decision != null && !claims.Any(c => c.ReceivedAt > decision.DecidedAt && c.Value != decision.Value))
        {
            return new FieldOutcome(decision.Value, decision.SourceId, decision.DecidedAt, GoldenBasis.Manual, null);
        }

        if (claims.Count == 0)
        {
            return null;
        }

        var ordered = Order(rule, claims);
        if (claims.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            var best = ordered[0];
            return new FieldOutcome(best.Value, best.SourceId, claims.Max(c => c.ObservedAt), GoldenBasis.Rule, null);
        }

        var strategy = rule?.Strategy ?? RuleStrategies.Steward;
        if (strategy == RuleStrategies.Priority)
        {
            var tiers = Tiers(rule!, claims);
            var top = tiers.First(t => t.Count > 0);
            if (top.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                return Blocked(claims);
            }

            var winner = top.MaxBy(c => c.ObservedAt)!;
            return new FieldOutcome(winner.Value, winner.SourceId, winner.ObservedAt, GoldenBasis.Rule, new ConflictFinding(false, Sorted(claims)));
        }

        if (strategy == RuleStrategies.Newest)
        {
            var latest = claims.Max(c => c.ObservedAt);
            var newest = claims.Where(c => c.ObservedAt == latest).ToList();
            if (newest.Select(c => c.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                return Blocked(claims);
            }

            return new FieldOutcome(newest[0].Value, newest[0].SourceId, latest, GoldenBasis.Rule, null);
        }

        return Blocked(claims);
    }

    private static FieldOutcome Blocked(IReadOnlyList<Claim> claims) =>
        new(null, null, null, GoldenBasis.Conflict, new ConflictFinding(true, Sorted(claims)));

    private static List<Claim> Sorted(IReadOnlyList<Claim> claims) => claims.OrderBy(c => c.SourceKey, StringComparer.Ordinal).ToList();

    /// <summary>Claims grouped by the rule's tiers, unlisted sources in a last tier of their own.</summary>
    private static List<List<Claim>> Tiers(FieldRule rule, IReadOnlyList<Claim> claims)
    {
        var tiers = rule.Tiers.Select(t => claims.Where(c => t.Contains(c.SourceKey)).ToList()).ToList();
        var listed = rule.Tiers.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        tiers.Add(claims.Where(c => !listed.Contains(c.SourceKey)).ToList());
        return tiers;
    }

    /// <summary>Claims in the order the rule prefers them (tier, then newest).</summary>
    private static List<Claim> Order(FieldRule? rule, IReadOnlyList<Claim> claims)
    {
        var tierOf = new Dictionary<string, int>(StringComparer.Ordinal);
        if (rule?.Strategy == RuleStrategies.Priority)
        {
            var i = 0;
            foreach (var tier in rule.Tiers)
            {
                foreach (var key in tier)
                {
                    tierOf.TryAdd(key, i);
                }

                i++;
            }
        }

        return claims.OrderBy(c => tierOf.TryGetValue(c.SourceKey, out var t) ? t : int.MaxValue).ThenByDescending(c => c.ObservedAt).ThenBy(c => c.SourceKey, StringComparer.Ordinal).ToList();
    }
}
