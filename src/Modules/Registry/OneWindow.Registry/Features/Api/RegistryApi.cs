using OneWindow.Shared.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features.Conflicts;
using OneWindow.Registry.Features.Ingest;
using OneWindow.Registry.Features.Quality;
using OneWindow.Registry.Features.Reading;
using OneWindow.Registry.Features.Rules;
using OneWindow.Shared;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Registry.Features.Api;

public sealed record SourceResponse(string Key, string Name, string NameEn, string Kind, long? DepartmentId, string RegionCode, IReadOnlyList<string> Fields, bool Active);

public sealed record RecordResponse(string Kind, string Code, string MaskedCode, DateTimeOffset UpdatedAt, int OpenConflicts, IReadOnlyList<GoldenFieldView> Fields, string History);

/// <summary>/api/v1/registry: the base registries (人口库, 法人库), their sources, conflicts, rules and data quality.</summary>
public static class RegistryApi
{
    private const string ReadRule = " Staff holding data_admin or supervisor whose region holds the registry's (Registry:RegionCode, 340100 by default); other staff and citizens get 403.";

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/registry").WithTags("Registry").RequireScopes(RegistryScopes.Read, RegistryScopes.Write);
        group.MapGet("/persons/{idNumber}", Person).RequireAuthorization(RegistryModule.StaffPolicy).WithName("GetRegistryPerson")
            .WithSummary("A person's golden record (人口库) by citizen ID number")
            .WithDescription("Exact ID number only. Each field: the golden value (null while a blocking conflict is open), the winning source, `basis` (rule | manual | conflict) and every source's current value. Every read is audited with the masked number." + ReadRule)
            .Produces<RecordResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/legal-persons/{code}", LegalPerson).RequireAuthorization(RegistryModule.StaffPolicy).WithName("GetRegistryLegalPerson")
            .WithSummary("A legal person's golden record (法人库) by unified social credit code")
            .WithDescription("As persons/{idNumber}, keyed by the 18-character USCC." + ReadRule)
            .Produces<RecordResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/persons/{idNumber}/history", PersonHistory).RequireAuthorization(RegistryModule.StaffPolicy).WithName("GetRegistryPersonHistory")
            .WithSummary("Who said what, when: every value each source stated for the person's fields, newest first")
            .WithDescription("`field` limits to one field; keyset paging with `after` (the `nextCursor` given) and `pageSize` 1–200 (100)." + ReadRule)
            .Produces<HistoryPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/legal-persons/{code}/history", LegalPersonHistory).RequireAuthorization(RegistryModule.StaffPolicy).WithName("GetRegistryLegalPersonHistory")
            .WithSummary("Field history of a legal person, newest first").WithDescription("As persons/{idNumber}/history." + ReadRule)
            .Produces<HistoryPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/sources/{key}/records", Submit).RequireAuthorization().WithName("SubmitRegistryRecords")
            .WithSummary("A source submits records (≤ 500 per request, all or nothing)")
            .WithDescription("Body: {\"records\": [{\"code\", \"observedAt\" (ISO 8601 with offset), \"fields\": {\"name\": \"…\", …}}]}. Field keys are the registry's (docs/registry.md) and must be among the source's fields. Every field is validated (ID number / USCC check characters, current GB/T 2260 division codes, real dates not in the future, enumerations); any error refuses the whole batch with a validation problem keyed `records[i].code|observedAt|fields.<field>`, counted for the quality report. Accepted records are kept with their provenance; golden records of the codes are recomputed in the same transaction. Callers: the source department's own system with a client token carrying `registry.write`, or a data_admin staff member reaching the source's division.")
            .Produces<IngestSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/sources", Sources).RequireAuthorization(RegistryModule.StaffPolicy).WithName("ListRegistrySources")
            .WithSummary("The data sources (数据来源) and the fields each may supply").WithDescription("Any staff session.")
            .Produces<List<SourceResponse>>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/conflicts", ListConflicts).RequireAuthorization(RegistryModule.StaffPolicy).WithName("ListRegistryConflicts")
            .WithSummary("Conflicts between sources, oldest first (keyset paging)")
            .WithDescription("`status` open (default) | resolved | cleared; `kind` person | legal_person; `after` cursor; `pageSize` 1–200 (50). `blocking` true: the rule cannot decide and the field is left out of the golden record; false: a higher-priority source won over one that disagrees. Person codes are masked." + ReadRule)
            .Produces<ConflictPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/conflicts/{id:long}/resolve", Resolve).RequireAuthorization(RegistryModule.StaffPolicy).WithName("ResolveRegistryConflict")
            .WithSummary("Resolve a conflict: pick a stated value or a source (data_admin)")
            .WithDescription("Body: {\"value\"} (one of the values the sources state) or {\"source\"} (a source key; its current value), and an optional `reason` (≤ 500). Becomes a manual decision that overrides the rule until a source later states a different value. Audited as registry.conflict_resolved (field and source, never the value). 409 when the conflict is already closed.")
            .Produces<ConflictView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/rules", ListRules).RequireAuthorization(RegistryModule.StaffPolicy).WithName("ListRegistryRules")
            .WithSummary("Golden-record rules per field").WithDescription("strategy priority | newest | steward; priority lists source keys by tier, first tier wins." + ReadRule)
            .Produces<List<RuleView>>().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/rules/{kind}/{field}", UpdateRule).RequireAuthorization(RegistryModule.StaffPolicy).WithName("UpdateRegistryRule")
            .WithSummary("Change a field's rule (data_admin)")
            .WithDescription("Body: {\"strategy\": \"priority\", \"priority\": [[\"ga-hukou\"], [\"wjw-birth\", \"mz-marriage\"]]}. Sources must be of the kind and supply the field. Golden records holding the field are recomputed in the same transaction; audited as registry.rule_changed.")
            .Produces<RuleView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/quality", Quality).RequireAuthorization(RegistryModule.StaffPolicy).WithName("GetRegistryQuality")
            .WithSummary("Data quality (数据质量) per source: completeness, validity, open conflicts, freshness")
            .WithDescription("completeness = fields held ÷ (entities × expected fields, optional ones such as deathDate not expected); validity = accepted ÷ (accepted + invalid records of refused batches) over the last 30 days; openConflicts = open conflicts on a field the source holds; freshnessDays = age of its latest accepted record. Ratios null when nothing to measure." + ReadRule)
            .Produces<QualityResponse>().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static RegistryActor Actor(ClaimsPrincipal user) =>
        RegistryActor.From(user) ?? throw new InvalidOperationException("The registry endpoints admit signed-in principals only.");

    private static IResult Forbidden(string code = "registry.read_forbidden") => RegistryText.Fail(FailureKind.Forbidden, code).ToProblem();

    private static Task<IResult> Person(string idNumber, ClaimsPrincipal user, RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct) =>
        ReadAsync(RegistryRecord.Person, idNumber, "idNumber", user, reader, options, clock, ct);

    private static Task<IResult> LegalPerson(string code, ClaimsPrincipal user, RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct) =>
        ReadAsync(RegistryRecord.LegalPerson, code, "code", user, reader, options, clock, ct);

    private static async Task<IResult> ReadAsync(string kind, string code, string parameter, ClaimsPrincipal user, RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct)
    {
        var (entity, actor, failure) = await FindAsync(kind, code, parameter, user, reader, options, clock, ct);
        if (entity == null)
        {
            return failure!;
        }

        await reader.AuditReadAsync(entity, actor, "registry.record_read", ct);
        var view = await reader.ViewAsync(entity, ct);
        var path = kind == RegistryRecord.Person ? "persons" : "legal-persons";
        return TypedResults.Ok(new RecordResponse(view.Kind, view.Code, view.MaskedCode, view.UpdatedAt, view.OpenConflicts, view.Fields, $"/api/v1/registry/{path}/{view.Code}/history"));
    }

    private static Task<IResult> PersonHistory(string idNumber, string? field, string? after, int? pageSize, ClaimsPrincipal user, RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct) =>
        HistoryAsync(RegistryRecord.Person, idNumber, "idNumber", field, after, pageSize, user, reader, options, clock, ct);

    private static Task<IResult> LegalPersonHistory(string code, string? field, string? after, int? pageSize, ClaimsPrincipal user, RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct) =>
        HistoryAsync(RegistryRecord.LegalPerson, code, "code", field, after, pageSize, user, reader, options, clock, ct);

    private static async Task<IResult> HistoryAsync(string kind, string code, string parameter, string? field, string? after, int? pageSize, ClaimsPrincipal user,
        RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct)
    {
        var (entity, actor, failure) = await FindAsync(kind, code, parameter, user, reader, options, clock, ct);
        if (entity == null)
        {
            return failure!;
        }

        var page = await reader.HistoryAsync(entity, field, after, pageSize, ct);
        if (page.Value == null)
        {
            return Respond(page, TypedResults.Ok);
        }

        await reader.AuditReadAsync(entity, actor, "registry.record_read", ct);
        return TypedResults.Ok(page.Value);
    }

    /// <summary>The entity behind an exact code, for a caller allowed to read: else the problem to answer.</summary>
    private static async Task<(RegistryEntity? Entity, RegistryActor Actor, IResult? Failure)> FindAsync(string kind, string code, string parameter, ClaimsPrincipal user,
        RegistryReader reader, RegistryOptions options, TimeProvider clock, CancellationToken ct)
    {
        var actor = Actor(user);
        if (!actor.MayRead(options.RegionCode))
        {
            return (null, actor, Forbidden());
        }

        var (normalized, error) = RegistryFields.CheckCode(kind, code, ChinaTime.Today(clock));
        if (error != null)
        {
            return (null, actor, Failure.Invalid("registry.query_invalid", RegistryText.T("registry.query_invalid"), parameter, error).ToProblem());
        }

        var entity = await reader.FindAsync(kind, normalized!, ct);
        return entity == null ? (null, actor, RegistryText.Fail(FailureKind.NotFound, "registry.record_not_found", RegistryText.Pick(RegistryFields.KindTitle(kind))).ToProblem()) : (entity, actor, null);
    }

    private static async Task<IResult> Submit(string key, SubmitRecordsRequest? body, ClaimsPrincipal user, RegistryIngest ingest, CancellationToken ct) =>
        Respond(await ingest.SubmitAsync(key, body?.Records, Actor(user), ct), TypedResults.Ok);

    private static async Task<IResult> Sources(RegistryDbContext db, CancellationToken ct)
    {
        var sources = await db.Sources.AsNoTracking().OrderBy(s => s.Kind).ThenBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok(sources.Select(s => new SourceResponse(s.Key, s.Name, s.NameEn, s.Kind, s.DepartmentId, s.RegionCode, s.FieldList, s.Active)).ToList());
    }

    private static async Task<IResult> ListConflicts(string? status, string? kind, string? after, int? pageSize, ClaimsPrincipal user, ConflictDesk desk, RegistryOptions options, CancellationToken ct) =>
        Actor(user).MayRead(options.RegionCode) ? Respond(await desk.ListAsync(status, kind, after, pageSize, ct), TypedResults.Ok) : Forbidden();

    private static async Task<IResult> Resolve(long id, ResolveConflictRequest? body, ClaimsPrincipal user, ConflictDesk desk, RegistryOptions options, CancellationToken ct)
    {
        var actor = Actor(user);
        return actor.MaySteward(options.RegionCode) ? Respond(await desk.ResolveAsync(id, body, actor, ct), TypedResults.Ok) : Forbidden("registry.resolve_forbidden");
    }

    private static async Task<IResult> ListRules(ClaimsPrincipal user, RuleEditor editor, RegistryOptions options, CancellationToken ct) =>
        Actor(user).MayRead(options.RegionCode) ? TypedResults.Ok(await editor.ListAsync(ct)) : Forbidden();

    private static async Task<IResult> UpdateRule(string kind, string field, UpdateRuleRequest? body, ClaimsPrincipal user, RuleEditor editor, RegistryOptions options, CancellationToken ct)
    {
        var actor = Actor(user);
        return actor.MaySteward(options.RegionCode) ? Respond(await editor.UpdateAsync(kind, field, body, actor, ct), TypedResults.Ok) : Forbidden("registry.rule_forbidden");
    }

    private static async Task<IResult> Quality(ClaimsPrincipal user, QualityReport report, RegistryOptions options, CancellationToken ct) =>
        Actor(user).MayRead(options.RegionCode) ? TypedResults.Ok(await report.ComputeAsync(ct)) : Forbidden();

    private static IResult Respond<T>(Outcome<T> result, Func<T, IResult> ok) => result.Succeeded ? ok(result.Value!) : result.Failure!.ToProblem();
}
