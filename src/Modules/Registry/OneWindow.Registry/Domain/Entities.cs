namespace OneWindow.Registry.Domain;

/// <summary>A data source (数据来源): one department system feeding the population (人口库) or legal-person (法人库)
/// registry with the fields it may supply.</summary>
public sealed class RegistrySource
{
    public long Id { get; set; }

    /// <summary>Stable key used in the API, e.g. ga-hukou.</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    /// <summary><see cref="Shared.Registry.RegistryRecord.Person"/> or <see cref="Shared.Registry.RegistryRecord.LegalPerson"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The owning department (catalogue id); null when the department is not in the catalogue (编办).</summary>
    public long? DepartmentId { get; set; }

    /// <summary>The division the source serves (its department's, else the registry's own).</summary>
    public string RegionCode { get; set; } = "";

    /// <summary>The field keys it may supply, comma-separated in declaration order.</summary>
    public string Fields { get; set; } = "";

    public bool Active { get; set; } = true;

    public IReadOnlyList<string> FieldList => Fields.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One person or legal person the registry knows, keyed by (kind, code): citizen ID number or USCC.</summary>
public sealed class RegistryEntity
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public string Code { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A record exactly as a source submitted it (provenance); never changed or deleted.</summary>
public sealed class SourceRecord
{
    public long Id { get; set; }

    public long SourceId { get; set; }

    public long EntityId { get; set; }

    /// <summary>The submitted field values as a JSON object of strings.</summary>
    public string FieldsJson { get; set; } = "{}";

    /// <summary>When the source says the facts held (its own timestamp).</summary>
    public DateTimeOffset ObservedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Who sent it: staff:12, client:ga-hukou-sync, demo-seed.</summary>
    public string SentBy { get; set; } = "";
}

/// <summary>Field history: one row per value a source stated for a field of an entity ("who said what, when").</summary>
public sealed class FieldStatement
{
    public long Id { get; set; }

    public long EntityId { get; set; }

    public string Field { get; set; } = "";

    public long SourceId { get; set; }

    public long RecordId { get; set; }

    public string Value { get; set; } = "";

    public DateTimeOffset ObservedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A source's current value for a field of an entity: its statement with the latest observedAt (a late
/// delivery of older data goes to the history only). The golden record is computed from these.</summary>
public sealed class CurrentClaim
{
    public long EntityId { get; set; }

    public string Field { get; set; } = "";

    public long SourceId { get; set; }

    public string Value { get; set; } = "";

    public DateTimeOffset ObservedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>One field of a golden record (黄金记录). Value is null while a blocking conflict leaves the field undecided.</summary>
public sealed class GoldenField
{
    public long EntityId { get; set; }

    public string Field { get; set; } = "";

    public string? Value { get; set; }

    /// <summary>The winning source (for a manual decision: the source picked, or the source whose value was picked).</summary>
    public long? SourceId { get; set; }

    public DateTimeOffset? AsOf { get; set; }

    /// <summary><see cref="GoldenBasis"/>.</summary>
    public string Basis { get; set; } = GoldenBasis.Rule;

    public DateTimeOffset UpdatedAt { get; set; }
}

public static class GoldenBasis
{
    public const string Rule = "rule";
    public const string Manual = "manual";
    public const string Conflict = "conflict";
}

/// <summary>A declared rule (规则) for one field: which source wins.</summary>
public sealed class FieldRule
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public string Field { get; set; } = "";

    /// <summary><see cref="RuleStrategies"/>.</summary>
    public string Strategy { get; set; } = RuleStrategies.Priority;

    /// <summary>Source keys by tier: tiers separated by '>', sources of one tier by '=' (ga-hukou>wjw-birth=mz-marriage).</summary>
    public string Priority { get; set; } = "";

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<IReadOnlyList<string>> Tiers => RuleStrategies.ParseTiers(Priority);
}

public static class RuleStrategies
{
    /// <summary>The first tier with a value wins; sources of one tier that disagree are a blocking conflict.</summary>
    public const string Priority = "priority";

    /// <summary>The value with the latest observedAt wins; two different values observed at the same instant conflict.</summary>
    public const string Newest = "newest";

    /// <summary>Any disagreement waits for a data steward (数据管理员).</summary>
    public const string Steward = "steward";

    public static readonly IReadOnlyList<string> All = [Priority, Newest, Steward];

    public static IReadOnlyList<IReadOnlyList<string>> ParseTiers(string text) =>
        text.Split('>', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => (IReadOnlyList<string>)t.Split('=', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList())
            .Where(t => t.Count > 0).ToList();

    public static string FormatTiers(IEnumerable<IEnumerable<string>> tiers) => string.Join('>', tiers.Select(t => string.Join('=', t)));
}

/// <summary>A data steward's decision (人工裁定) for a field; the latest one applies until a source later states a
/// different value (then the rule decides again, possibly opening a new conflict).</summary>
public sealed class ManualDecision
{
    public long Id { get; set; }

    public long EntityId { get; set; }

    public string Field { get; set; } = "";

    public string Value { get; set; } = "";

    public long? SourceId { get; set; }

    public long? ConflictId { get; set; }

    public string Reason { get; set; } = "";

    public string DecidedBy { get; set; } = "";

    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>A disagreement between sources on a field (数据冲突), for a data steward.</summary>
public sealed class RegistryConflict
{
    public long Id { get; set; }

    public long EntityId { get; set; }

    public string Kind { get; set; } = "";

    public string Field { get; set; } = "";

    /// <summary><see cref="ConflictStatus"/>.</summary>
    public string Status { get; set; } = ConflictStatus.Open;

    /// <summary>True when the rule cannot decide (the field is left out of the golden record until resolved); false
    /// when a higher-priority source won but a lower one disagrees (listed for review only).</summary>
    public bool Blocking { get; set; }

    /// <summary>The values per source when last evaluated: JSON array of {source, value, observedAt}.</summary>
    public string ValuesJson { get; set; } = "[]";

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>staff:12 for a resolution; "data" when later source values made the sources agree.</summary>
    public string? ClosedBy { get; set; }
}

public static class ConflictStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";

    /// <summary>Closed without a steward: newer source data removed the disagreement.</summary>
    public const string Cleared = "cleared";
}

/// <summary>A refused submission, counted for the quality report (validity): the records in the request and how
/// many of them were invalid.</summary>
public sealed class RejectedSubmission
{
    public long Id { get; set; }

    public long SourceId { get; set; }

    public int Records { get; set; }

    public int InvalidRecords { get; set; }

    public string SentBy { get; set; } = "";

    public DateTimeOffset RejectedAt { get; set; }
}
