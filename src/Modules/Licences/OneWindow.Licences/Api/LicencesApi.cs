using OneWindow.Shared.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Data;
using OneWindow.Licences.Domain;
using OneWindow.Licences.Features;
using OneWindow.Licences.Features.Import;
using OneWindow.Licences.Features.Issuing;
using OneWindow.Licences.Features.Keys;
using OneWindow.Licences.Features.Sharing;
using OneWindow.Licences.Features.Verification;
using OneWindow.Licences.Signing;
using OneWindow.Shared.Http;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Licences.Api;

public sealed record VerifyRequest(string? Identifier, string? Payload);

/// <summary>Public answer: status is one of valid | revoked | expired | tampered | not_found (a suspended licence is
/// revoked with the reason saying 暂停使用 / suspended). The licence summary masks the holder's name.</summary>
public sealed record VerifyResponse(string Status, string Reason, VerifiedLicence? Licence);

public sealed record VerifiedLicence(string Identifier, string TypeName, string Number, string Holder, string IssuerName, DateOnly IssuedOn, DateOnly ValidFrom, DateOnly? ValidUntil);

public sealed record ReasonRequest(string? Reason);

public sealed record AgencyRequest(string? AgencyCode, string? Name);

public sealed record LicenceResponse(long Id, string Identifier, string TypeCode, string TypeName, string Number, string HolderName, string HolderCode,
    string HolderCodeType, long IssuerDepartmentId, string IssuerCode, string IssuerName, DateOnly IssuedOn, DateOnly ValidFrom, DateOnly? ValidUntil,
    string Jurisdiction, IReadOnlyDictionary<string, string> Data, string KeyId, string State, string? StateReason, string Payload)
{
    public static LicenceResponse From(Licence l) => new(l.Id, l.Identifier, l.TypeCode, l.TypeName, l.Number, l.HolderName, l.HolderCode, l.HolderCodeType,
        l.IssuerDepartmentId, l.IssuerCode, l.IssuerName, l.IssuedOn, l.ValidFrom, l.ValidUntil, l.Jurisdiction, DataFields.Parse(l.DataJson), l.KeyId, l.State,
        l.StateReason, Features.Holding.HolderLicences.PayloadOf(l));
}

public sealed record TypeResponse(string Code, string Name, string NameEn, string DefinerName, string DefinerCode, string HolderKind, int? ValidityYears, IReadOnlyList<TypeField> Fields);

public sealed record SharedListResponse(IReadOnlyList<GrantView> Grants, string? NextCursor);

public sealed record SharedLicenceResponse(GrantView Grant, string Status, string Reason, LicenceResponse Licence);

/// <summary>/api/v1/licences: public verification, types and keys; staff and department systems for the rest.</summary>
public static class LicencesApi
{
    public static IEndpointRouteBuilder MapLicencesApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1/licences").WithTags("Licences").AllowAnonymous().PublicEndpoint();
        open.MapPost("/verify", Verify).RequireRateLimiting(LicencesModule.VerifyRateLimit).WithName("VerifyLicence")
            .WithSummary("Verify an e-licence by its identifier or its QR payload (public, rate-limited per address)")
            .WithDescription("Body: { \"identifier\" } or { \"payload\" } (the QR content, OWL1.…). 200 { status: valid | revoked | expired | tampered | not_found, reason }. A suspended licence answers revoked with a reason saying suspended. Any altered byte of a payload → tampered; an identifier with a wrong check character → not_found. See docs/licences.md.")
            .Produces<VerifyResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        open.MapGet("/types", Types).WithName("ListLicenceTypes").WithSummary("Licence types (证照类型) with their data fields").Produces<List<TypeResponse>>();
        open.MapGet("/keys", PublicKeys).WithName("ListLicenceKeys").WithSummary("Every agency's SM2 public keys, current and retired, for offline verification")
            .Produces<List<KeyView>>();

        var group = app.MapGroup("/api/v1/licences").WithTags("Licences").RequireAuthorization().RequireScopes(LicencesScopes.Read, LicencesScopes.Write)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/import", Import).WithName("ImportLicences").WithSummary("Import a batch of licences from a department system (all or nothing)")
            .WithDescription("Callers: a department system's client-credentials token with scope licences.write, or a department_admin; licences are issued by the caller's department and signed with its key. Body: { records: [{ type, holderName, holderCode, holderCodeType (111|001), number, issuedOn, validFrom, validUntil, sourceReference, data }] }, at most 1000. Any invalid record → 400 with errors per records[i] and nothing imported. Same type + sourceReference again → the same licence.")
            .Produces<ImportResult>().ProducesValidationProblem();
        group.MapGet("/shared", Shared).WithName("ListSharedLicences").WithSummary("Licences holders shared with the caller's department (live grants, newest first)")
            .WithDescription("Callers: a department system token with licences.read or licences.write, or staff of the department. `after` is the nextCursor of the previous page; pageSize 1-100.")
            .Produces<SharedListResponse>().ProducesValidationProblem();
        group.MapGet("/shared/{grantId:long}", UseShared).WithName("ReadSharedLicence").WithSummary("Read a shared licence through its grant (logged)")
            .WithDescription("Every read is logged. A revoked grant → 403, an expired one → 410.")
            .Produces<SharedLicenceResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        group.MapGet("/agencies", Agencies).WithName("ListLicenceAgencies").WithSummary("Issuing agencies: department → credit code (staff)").Produces<IReadOnlyList<AgencyView>>();
        group.MapPut("/agencies/{departmentId:long}", UpdateAgency).WithName("UpdateLicenceAgency").WithSummary("Set an agency's credit code and name (platform admin; audited; rotates its key)")
            .Produces<AgencyView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/agencies/{departmentId:long}/keys", Keys).WithName("ListAgencyKeys").WithSummary("An agency's signing keys (platform admin, its department admin)")
            .Produces<IReadOnlyList<KeyView>>();
        group.MapPost("/agencies/{departmentId:long}/keys/rotate", Rotate).WithName("RotateAgencyKey")
            .WithSummary("New current key; old keys stay for verification (platform admin, its department admin; audited)").Produces<KeyView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{identifier}", Get).WithName("GetLicence").WithSummary("One licence (staff of the issuing department)")
            .Produces<LicenceResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var action in new[] { LicenceStateChanges.Revoke, LicenceStateChanges.Suspend, LicenceStateChanges.Resume })
        {
            group.MapPost("/{identifier}/" + action, (string identifier, ReasonRequest body, ClaimsPrincipal user, LicenceStateChanges changes, CancellationToken ct) =>
                    Change(identifier, action, body, user, changes, ct))
                .WithName(action switch { LicenceStateChanges.Revoke => "RevokeLicence", LicenceStateChanges.Suspend => "SuspendLicence", _ => "ResumeLicence" })
                .WithSummary($"{action} a licence with a reason (reviewers and admins of the issuing department; audited; outbox event)")
                .Produces<LicenceResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }

        return app;
    }

    private static async Task<IResult> Verify(VerifyRequest? body, LicenceVerifier verifier, CancellationToken ct)
    {
        var identifier = body?.Identifier?.Trim();
        var payload = body?.Payload?.Trim();
        if (string.IsNullOrEmpty(identifier) == string.IsNullOrEmpty(payload) || identifier is { Length: > 200 } || payload is { Length: > 8000 })
        {
            return Failure.Invalid("licences.verify_invalid", LicencesText.T("licences.verify_invalid"), "identifier", LicencesText.T("licences.verify_input")).ToProblem();
        }

        var check = string.IsNullOrEmpty(payload) ? await verifier.ByIdentifierAsync(identifier, ct) : await verifier.ByPayloadAsync(payload, ct);
        return TypedResults.Ok(ToResponse(check));
    }

    public static VerifyResponse ToResponse(OneWindow.Shared.Licences.LicenceCheck check) => new(LicenceVerifier.PublicStatus(check.Status), check.Reason,
        check.Licence is { } l ? new VerifiedLicence(l.Identifier, l.TypeName, l.Number, LicenceVerifier.MaskName(l.HolderName), l.IssuerName, l.IssuedOn, l.ValidFrom, l.ValidUntil) : null);

    private static async Task<IResult> Types(LicencesDbContext db, CancellationToken ct)
    {
        var types = await db.Types.AsNoTracking().OrderBy(t => t.Code).ToListAsync(ct);
        return TypedResults.Ok(types.Select(t => new TypeResponse(t.Code, t.Name, t.NameEn, t.DefinerName, t.DefinerCode, t.HolderKind, t.ValidityYears, LicenceLibrary.FieldsOf(t))).ToList());
    }

    private static async Task<IResult> PublicKeys(LicencesDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Keys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct)).Select(KeyView.From).ToList());

    private static async Task<IResult> Import(ImportRequest body, ClaimsPrincipal user, LicenceImport import, CancellationToken ct) =>
        LicenceActor.From(user) is not { } actor ? Forbidden() : Respond(await import.ImportAsync(body, actor, ct), r => r);

    private static async Task<IResult> Shared(string? after, int? pageSize, ClaimsPrincipal user, ShareGrants grants, CancellationToken ct)
    {
        if (LicenceActor.From(user)?.SharedDepartment is not { } department)
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        if (!Cursor.TryDecodeOptional(after, out var before))
        {
            errors.Add("after", LicencesText.T("licences.cursor_invalid"));
        }

        if (pageSize is < 1 or > 100)
        {
            errors.Add("pageSize", LicencesText.T("licences.page_size"));
        }

        if (!errors.IsValid)
        {
            return Failure.Invalid("licences.query_invalid", LicencesText.T("licences.query_invalid"), errors).ToProblem();
        }

        var (rows, next) = await grants.SharedWithAsync(department, before, pageSize ?? 50, ct);
        return TypedResults.Ok(new SharedListResponse(rows, next is { } n ? Cursor.Encode(n) : null));
    }

    private static async Task<IResult> UseShared(long grantId, ClaimsPrincipal user, ShareGrants grants, CancellationToken ct)
    {
        var actor = LicenceActor.From(user);
        if (actor?.SharedDepartment is not { } department)
        {
            return Forbidden();
        }

        return Respond(await grants.UseAsync(grantId, department, actor.Subject, ct), s => new SharedLicenceResponse(s.Grant, s.Status, s.Reason, LicenceResponse.From(s.Licence)));
    }

    private static async Task<IResult> Agencies(ClaimsPrincipal user, KeyAdministration admin, CancellationToken ct) =>
        LicenceActor.From(user) is { IsStaff: true } ? TypedResults.Ok(await admin.AgenciesAsync(ct)) : Forbidden();

    private static async Task<IResult> UpdateAgency(long departmentId, AgencyRequest body, ClaimsPrincipal user, KeyAdministration admin, CancellationToken ct) =>
        LicenceActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.UpdateAgencyAsync(departmentId, body.AgencyCode, body.Name, actor, ct), a => a);

    private static async Task<IResult> Keys(long departmentId, ClaimsPrincipal user, KeyAdministration admin, CancellationToken ct) =>
        LicenceActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.ListAsync(departmentId, actor, ct), k => k);

    private static async Task<IResult> Rotate(long departmentId, ClaimsPrincipal user, KeyAdministration admin, CancellationToken ct) =>
        LicenceActor.From(user) is not { } actor ? Forbidden() : Respond(await admin.RotateAsync(departmentId, actor, ct), k => k);

    private static async Task<IResult> Get(string identifier, ClaimsPrincipal user, LicenceStateChanges changes, CancellationToken ct) =>
        LicenceActor.From(user) is not { IsStaff: true } actor ? Forbidden() : Respond(await changes.GetAsync(identifier, actor, ct), LicenceResponse.From);

    private static async Task<IResult> Change(string identifier, string action, ReasonRequest body, ClaimsPrincipal user, LicenceStateChanges changes, CancellationToken ct) =>
        LicenceActor.From(user) is not { IsStaff: true } actor ? Forbidden() : Respond(await changes.ChangeAsync(identifier, action, body.Reason, actor, ct), LicenceResponse.From);

    private static IResult Forbidden() => LicencesText.Fail(FailureKind.Forbidden, "licences.forbidden").ToProblem();

    private static IResult Respond<T, TOut>(Outcome<T> outcome, Func<T, TOut> map) =>
        outcome.Failure is { } failure ? failure.ToProblem() : TypedResults.Ok(map(outcome.Value!));
}
