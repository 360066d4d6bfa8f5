namespace OneWindow.Shared.Registry;

/// <summary>One field of a golden record (黄金记录) with where its value came from.</summary>
/// <param name="Field">The registry field key, e.g. "name", "birthDate", "householdRegion" (see docs/registry.md).</param>
/// <param name="SourceKey">The source (a department feed) whose value won, e.g. "ga-hukou".</param>
/// <param name="SourceName">The source's display name, e.g. "市公安局户籍系统", shown to applicants next to prefilled fields.</param>
public sealed record RegistryFact(string Field, string Value, string SourceKey, string SourceName, DateTimeOffset AsOf);

/// <summary>A golden record of the population registry (人口库, <see cref="Person"/>) or the legal-person registry (法人库,
/// <see cref="LegalPerson"/>). Fields whose sources disagree and are not yet resolved are left out, so nothing
/// disputed is ever used to prefill a form or decide a case.</summary>
public sealed record RegistryRecord(string Kind, string Code, IReadOnlyDictionary<string, RegistryFact> Fields)
{
    public const string Person = "person";
    public const string LegalPerson = "legal_person";

    public string? Value(string field) => Fields.TryGetValue(field, out var fact) ? fact.Value : null;
}

/// <summary>
/// Read port on the base registries (基础信息资源库) for other modules: case handling prefills forms, proves materials
/// and evaluates instant-approval rules with it. The registry module implements it; null when the registry holds no
/// record for the code. Callers must only ask for the applicant's own code (the registry is not a search service).
/// </summary>
public interface IBaseRegistry
{
    Task<RegistryRecord?> PersonAsync(string citizenIdNumber, CancellationToken ct);

    Task<RegistryRecord?> LegalPersonAsync(string creditCode, CancellationToken ct);
}
