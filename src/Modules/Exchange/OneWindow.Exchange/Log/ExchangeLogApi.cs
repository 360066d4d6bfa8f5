using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Log;

/// <summary>/api/v1/exchange/log and /api/v1/exchange/figures (OpenAPI group "exchange"): the call log of a department
/// as consumer or provider, its figures, verification of the signed hash-tree roots, inclusion proofs, and the public
/// keys that check them.</summary>
public static class ExchangeLogApi
{
    private const string Readers =
        " Readers: the department's department_admin; data_admin and supervisor whose division reaches the department's; platform_admin; the department's own systems (client token). `department` defaults to the caller's.";

    public static IEndpointRouteBuilder MapExchangeLogApi(this IEndpointRouteBuilder app)
    {
        var log = app.MapGroup("/api/v1/exchange/log").WithTags("exchange").RequireScope(ExchangeScopes.LogRead);
        log.MapGet("/keys", Keys).WithName("ListExchangeLogKeys").PublicEndpoint().AllowAnonymous()
            .WithSummary("The public keys that sign the exchange log's roots (PEM)").Produces<List<LogKeyResponse>>()
            .WithDescription("ECDSA P-256 (ES256) keys; `publicKeyPem` is a SubjectPublicKeyInfo. Check a root's signature (IEEE P1363 r||s, base64) over its `rootText` with the key named by `keyId`. Public.");

        var readers = log.MapGroup("").RequireAuthorization(ExchangeLogRegistration.ReaderPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        readers.MapGet("", List).WithName("ListExchangeLog").WithSummary("Calls of a department as consumer or provider, newest first (keyset paging)")
            .Produces<LogListResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("`as`: consumer (default) or provider; `department`: a department id; `resource`: a resource code; `after`: nextCursor of the previous page; `pageSize` 1-100 (default 20). Subjects are never returned." + Readers);
        readers.MapGet("/verify", Verify).WithName("VerifyExchangeLog").WithSummary("Recompute every entry, hash tree, root signature and the chain of roots")
            .Produces<LogVerification>()
            .WithDescription("`ok`, or the first broken root / entry and a `reason` code (entry_altered, entry_missing, entry_unknown_root, root_altered, root_signature, root_unknown_key, root_chain, root_missing — the last also when the audit trail names a sealed root that is gone). data_admin and platform_admin.");
        readers.MapGet("/{id:long}/proof", Proof).WithName("ExchangeLogProof").WithSummary("The inclusion proof of one call under its signed root")
            .Produces<LogProof>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("RFC 6962 audit path from the entry's leaf hash to the root's Merkle root (in `rootText`), with the root's signature and key id. 404 for an entry the caller may not see; 409 until the entry is sealed (about a second)." + Readers);
        app.MapGroup("/api/v1/exchange/figures").WithTags("exchange").RequireScope(ExchangeScopes.LogRead).RequireAuthorization(ExchangeLogRegistration.ReaderPolicy)
            .MapGet("", Figures).WithName("ExchangeFigures").WithSummary("Calls, failures, mean and p95 duration per resource and counterpart department")
            .Produces<LogFiguresResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("`as`: consumer (default) or provider; `from`, `to`: yyyy-MM-dd China dates, inclusive (default the last 30 days; at most 366 days). `failed` counts every outcome other than ok (refusals and errors)." + Readers);
        return app;
    }

    private static async Task<IResult> Keys(LogQueries queries, CancellationToken ct) =>
        TypedResults.Ok((await queries.KeysAsync(ct)).Select(k => new LogKeyResponse(k.Id, k.Algorithm, LogKeys.Pem(k.PublicKey), k.CreatedAt, k.RetiredAt)).ToList());

    private static async Task<IResult> List(string? @as, string? department, string? resource, string? after, string? pageSize, ClaimsPrincipal user, LogQueries queries,
        CancellationToken ct) =>
        Respond(await queries.ListAsync(new LogQuery(@as, department, resource, after, pageSize), PlatformPrincipal.From(user), ct),
            page => TypedResults.Ok(new LogListResponse(page.Department.Id, page.Side, page.Lines, page.NextCursor)));

    private static async Task<IResult> Figures(string? @as, string? department, string? from, string? to, ClaimsPrincipal user, LogQueries queries, CancellationToken ct) =>
        Respond(await queries.FiguresAsync(new LogQuery(@as, department, null, null, null, from, to), PlatformPrincipal.From(user), ct),
            f => TypedResults.Ok(new LogFiguresResponse(f.Department.Id, f.Side, f.From.ToString("yyyy-MM-dd"), f.To.ToString("yyyy-MM-dd"), f.Rows)));

    private static async Task<IResult> Verify(ClaimsPrincipal user, LogVerifier verifier, CancellationToken ct) =>
        LogAccess.MayVerify(PlatformPrincipal.From(user))
            ? TypedResults.Ok(await verifier.VerifyAsync(ct))
            : ExchangeLogText.Fail(FailureKind.Forbidden, "exchange.log.verify_forbidden").ToProblem();

    private static async Task<IResult> Proof(long id, ClaimsPrincipal user, LogQueries queries, CancellationToken ct) =>
        Respond(await queries.ProofAsync(id, PlatformPrincipal.From(user), ct), TypedResults.Ok);

    private static IResult Respond<T>(Outcome<T> result, Func<T, IResult> ok) => result.Failure is { } failure ? failure.ToProblem() : ok(result.Value!);
}

public sealed record LogKeyResponse(string KeyId, string Algorithm, string PublicKeyPem, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

public sealed record LogListResponse(long Department, string As, IReadOnlyList<LogLine> Items, string? NextCursor);

public sealed record LogFiguresResponse(long Department, string As, string From, string To, IReadOnlyList<LogFigure> Rows);
