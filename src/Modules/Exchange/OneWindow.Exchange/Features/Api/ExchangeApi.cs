using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Exchange.Features.Calls;
using OneWindow.Exchange.Features.DataUse;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Exchange.Features.Holding;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Web;

namespace OneWindow.Exchange.Features.Api;

/// <summary>/api/v1/data-grants (requests and grants, change subscriptions) and /api/v1/exchange (calls, held rows,
/// objections). See docs/data-sharing.md.</summary>
public static class ExchangeApi
{
    private const string GrantRules =
        " Request: department_admin of the consumer department (platform_admin with a department). Approve/refuse: department_admin of the provider, or a data_admin whose division reaches the provider once the request is escalated (past its deadline); never the requester. Revoke: the provider's department_admin or data_admin in reach, or the consumer's department_admin. Grants outside the caller's reach answer 404.";

    public static IEndpointRouteBuilder MapExchangeApi(this IEndpointRouteBuilder app)
    {
        var grants = app.MapGroup("/api/v1/data-grants").WithTags("data-grants").RequireScopes(ExchangeScopes.GrantsRead, ExchangeScopes.GrantsWrite);
        var staff = grants.MapGroup("").RequireAuthorization(ExchangeModule.StaffPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        staff.MapGet("", ListGrants).WithName("ListDataGrants").WithSummary("Sharing requests and grants of my department, newest first")
            .Produces<GrantListResponse>().ProducesValidationProblem()
            .WithDescription("`as`: consumer (default: what my department asked for), provider (what others asked of my department), escalated (data administrators and supervisors: overdue requests of providers in their division). `status`: pending | approved | refused | revoked. Keyset paging: `after` = nextCursor, `pageSize` 1-100.");
        staff.MapGet("/{id:long}", GetGrant).WithName("GetDataGrant").WithSummary("One request or grant")
            .Produces<GrantResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapPost("", RequestGrant).WithName("RequestDataGrant").WithSummary("Request a data resource for a stated purpose and legal basis (共享申请)")
            .Produces<GrantResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: resourceCode (\"101001/000001\" or \"101001-000001\"), purpose, legalBasis (≤ 500 each), items (keys of the resource's items), clearItems (personal items wanted unmasked; the rest are masked), rowScope all | region (with rowRegion, a current GB/T 2260 code: rows of that division and below) | open_cases (each call cites an open case of the department and asks about its applicant only), clientIds (the department's OIDC clients that may call, 1-10), validFrom/validUntil (yyyy-MM-dd, default today + 1 year, at most 3 years). Unconditionally shared resources are approved at once; conditional ones wait for the provider until dueOn (working days, per resource, default 10), then escalate. Not shared resources: 409 with the legal basis. Audited; the provider department gets the webhook event exchange.grant.requested." + GrantRules);
        staff.MapPost("/{id:long}/approve", Approve).WithName("ApproveDataGrant").WithSummary("Approve a pending request")
            .Produces<GrantResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: {\"reason\"} optional. 409 once answered. Audited as exchange.grant.approved; webhook event to the consumer." + GrantRules);
        staff.MapPost("/{id:long}/refuse", Refuse).WithName("RefuseDataGrant").WithSummary("Refuse a pending request, with the reason")
            .Produces<GrantResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: {\"reason\"} required. Audited as exchange.grant.refused." + GrantRules);
        staff.MapPost("/{id:long}/revoke", Revoke).WithName("RevokeDataGrant").WithSummary("Revoke a grant at once")
            .Produces<GrantResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: {\"reason\"} required. The next call under the grant is refused; its change subscription ends. Audited as exchange.grant.revoked." + GrantRules);

        var subscription = grants.MapGroup("/{id:long}/subscription").RequireScope(ExchangeScopes.GrantsWrite, ExchangeScopes.Call).RequireAuthorization(ExchangeModule.StaffOrSystemPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        subscription.MapPut("", Subscribe).WithName("SubscribeDataGrant").WithSummary("Receive the resource's changes under this grant as webhooks")
            .Produces<SubscriptionResponse>()
            .WithDescription("For grants in force of table resources. Each change of a row the grant covers becomes one `exchange.row.changed` event to the consumer department's webhook subscriptions (docs/integration-webhooks.md): {subscriptionId, grantId, sequence, resource, rowKey, change: upserted | deleted, data} with the grant's items, masked as in calls. `sequence` counts 1, 2, 3… per subscription without gaps: apply in that order. Callers: the consumer department's department_admin, or its client systems named in the grant.");
        subscription.MapDelete("", Unsubscribe).WithName("UnsubscribeDataGrant").WithSummary("Stop receiving changes under this grant")
            .Produces<SubscriptionResponse>();

        var exchange = app.MapGroup("/api/v1/exchange").WithTags("exchange");
        exchange.MapPost("/{code}/query", Query).RequireScope(ExchangeScopes.Call).RequireAuthorization(ExchangeModule.StaffOrSystemPolicy).WithName("QueryDataResource")
            .WithSummary("Call the exchange: read a resource's rows under a grant (共享调用)")
            .Produces<ExchangeAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithDescription("Department systems only (client-credentials token with scope exchange.call, a client named in the grant). Body: grantId; purpose (≤ 200, default the grant's); caseNumber (required under open_cases grants); subjects (citizen ID numbers or credit codes, ≤ 50 — required for registry and licence resources, which are not a search service); filters [{item, op: eq|prefix|ge|le, value}] on granted items (table resources, ≤ 10); items (a subset of the granted ones, default all); pageSize 1-100 (default 20); after (nextCursor). Returns only granted items of rows inside the grant; personal items not granted in clear are masked and listed in `masked`. Every call, refused ones too, is written to the exchange log first (`logId`); without the log no data is returned (503). Another department's grant answers 404; a grant revoked, pending, refused, expired or not yet valid 403.");
        exchange.MapPut("/{code}/rows", PutRows).RequireScope(ExchangeScopes.Provide).RequireAuthorization(ExchangeModule.StaffOrSystemPolicy).WithName("PutDataResourceRows")
            .WithSummary("Provide rows of a held table resource (insert, replace, delete)")
            .Produces<RowBatchResult>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription($"The provider department's systems (scope exchange.provide) or its department_admin/data_admin. Body: rows [{{key, data: {{item: value}}}}] and deletes [key], {HeldTables.MaxRows} at most in all, one transaction. Item keys must be the resource's; `regionCode` (if an item) places the row for region-scoped grants; the subject item's value is kept only as a blind index besides the row. Each change gets the resource's next sequence and emits change events to subscriptions. Audited as exchange.rows.changed.");
        exchange.MapPut("/{code}/proxy", PutProxy).RequireScope(ExchangeScopes.Provide).RequireAuthorization(ExchangeModule.StaffOrSystemPolicy).WithName("PutDataResourceProxy")
            .WithSummary("Set the provider system behind a proxy resource (address, credential header, timeout)")
            .Produces<ProxySettingResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("The provider department's systems (scope exchange.provide) or its department_admin/data_admin. Body: url (https only), headerName, secret (8-500, sealed at rest, never shown again), timeoutSeconds 1-30 (default 5). The exchange then POSTs each call's query as JSON to url with `headerName: secret` and expects {rows: [{item: value}], nextCursor}; timeouts answer the consumer 504, errors and malformed answers 502, all logged. Audited as exchange.proxy.configured (without the secret).");
        exchange.MapGet("/{code}/openapi.json", ResourceOpenApi).RequireScope(ExchangeScopes.GrantsRead, ExchangeScopes.GrantsWrite, ExchangeScopes.Call).RequireAuthorization(ExchangeModule.StaffOrSystemPolicy)
            .WithName("GetDataResourceOpenApi").WithSummary("The resource's own API description (OpenAPI 3.1 fragment, like X-Road's getOpenAPI)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The query operation with this resource's items as the row schema (types, masks), for generating a client. Any staff session, or a token with data.grants.read, data.grants.write or exchange.call.");

        var objections = exchange.MapGroup("/objections").RequireScopes(ExchangeScopes.GrantsRead, ExchangeScopes.GrantsWrite).RequireAuthorization(ExchangeModule.StaffPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        objections.MapGet("", ListObjections).WithName("ListDataUseObjections").WithSummary("Citizens' objections to reads of their data that I must answer or oversee")
            .Produces<ObjectionListResponse>().ProducesValidationProblem()
            .WithDescription("The provider department's department_admin; supervisors and data_admins whose division reaches the provider. Newest first; `after`, `pageSize` 1-100.");
        objections.MapPost("/{id:long}/answer", AnswerObjection).WithName("AnswerDataUseObjection").WithSummary("Answer an objection; the citizen sees the answer")
            .Produces<ObjectionResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Body: {\"answer\"} (≤ 1000). Once only. Audited as exchange.objection.answered.");
        return app;
    }

    private static PlatformPrincipal Principal(ClaimsPrincipal user) =>
        PlatformPrincipal.From(user) ?? throw new InvalidOperationException("The exchange endpoints admit signed-in principals only.");

    private static async Task<IResult> ListGrants(string? @as, string? status, string? after, int? pageSize, ClaimsPrincipal user, GrantLists lists, CancellationToken ct) =>
        Respond(await lists.ListAsync(new GrantActor(Principal(user)), @as, status, after, pageSize, ct),
            page => TypedResults.Ok(new GrantListResponse(page.Items.Select(GrantResponse.From).ToList(), page.Next)));

    private static async Task<IResult> GetGrant(long id, ClaimsPrincipal user, GrantDesk desk, CancellationToken ct) =>
        Respond(await desk.FindForAsync(new GrantActor(Principal(user)), id, ct), found => TypedResults.Ok(GrantResponse.From(found.Grant)));

    private static async Task<IResult> RequestGrant(GrantRequest body, ClaimsPrincipal user, GrantDesk desk, CancellationToken ct) =>
        Respond(await desk.RequestAsync(new GrantActor(Principal(user)), body, ct), g => TypedResults.Created($"/api/v1/data-grants/{g.Id}", GrantResponse.From(g)));

    private static async Task<IResult> Approve(long id, GrantDecision? body, ClaimsPrincipal user, GrantDesk desk, CancellationToken ct) =>
        Respond(await desk.ApproveAsync(new GrantActor(Principal(user)), id, body ?? new GrantDecision(null), ct), g => TypedResults.Ok(GrantResponse.From(g)));

    private static async Task<IResult> Refuse(long id, GrantDecision? body, ClaimsPrincipal user, GrantDesk desk, CancellationToken ct) =>
        Respond(await desk.RefuseAsync(new GrantActor(Principal(user)), id, body ?? new GrantDecision(null), ct), g => TypedResults.Ok(GrantResponse.From(g)));

    private static async Task<IResult> Revoke(long id, GrantDecision? body, ClaimsPrincipal user, GrantDesk desk, CancellationToken ct) =>
        Respond(await desk.RevokeAsync(new GrantActor(Principal(user)), id, body ?? new GrantDecision(null), ct), g => TypedResults.Ok(GrantResponse.From(g)));

    private static async Task<IResult> Subscribe(long id, ClaimsPrincipal user, ChangeSubscriptions subscriptions, CancellationToken ct) =>
        Respond(await subscriptions.SubscribeAsync(Principal(user), id, ct), s => TypedResults.Ok(SubscriptionResponse.From(s)));

    private static async Task<IResult> Unsubscribe(long id, ClaimsPrincipal user, ChangeSubscriptions subscriptions, CancellationToken ct) =>
        Respond(await subscriptions.UnsubscribeAsync(Principal(user), id, ct), s => TypedResults.Ok(SubscriptionResponse.From(s)));

    private static async Task<IResult> Query(string code, ExchangeQuery body, HttpContext http, ExchangeGateway gateway, CancellationToken ct) =>
        Respond(await gateway.QueryAsync(Principal(http.User), code, body, http.TraceIdentifier, ct), TypedResults.Ok);

    private static async Task<IResult> PutRows(string code, RowBatch body, ClaimsPrincipal user, HeldTables tables, CancellationToken ct) =>
        Respond(await tables.ApplyAsync(Principal(user), code, body, ct), TypedResults.Ok);

    private static async Task<IResult> PutProxy(string code, ProxySetting body, ClaimsPrincipal user, ProxySettings settings, CancellationToken ct) =>
        Respond(await settings.SetAsync(Principal(user), code, body, ct), TypedResults.Ok);

    private static async Task<IResult> ResourceOpenApi(string code, ClaimsPrincipal user, ResourceApiDescription descriptions, CancellationToken ct) =>
        Respond(await descriptions.DescribeAsync(Principal(user), code, ct), doc => TypedResults.Text(doc, "application/json"));

    private static async Task<IResult> ListObjections(string? after, int? pageSize, ClaimsPrincipal user, DataUseLog dataUse, CancellationToken ct)
    {
        var size = pageSize ?? 20;
        if (size is < 1 or > 100 || !Cursor.TryDecodeOptional(after, out var before))
        {
            return ExchangeText.Invalid(size is < 1 or > 100 ? "pageSize" : "after", size is < 1 or > 100 ? "exchange.page_size" : "exchange.cursor_invalid", 100).ToProblem();
        }

        var items = await dataUse.ObjectionsForAsync(Principal(user), before, size + 1, ct);
        var shown = items.Take(size).ToList();
        return TypedResults.Ok(new ObjectionListResponse(shown.Select(ObjectionResponse.From).ToList(), items.Count > size ? Cursor.Encode(shown[^1].Id) : null));
    }

    private static async Task<IResult> AnswerObjection(long id, AnswerRequest body, ClaimsPrincipal user, DataUseLog dataUse, CancellationToken ct) =>
        Respond(await dataUse.AnswerAsync(Principal(user), id, body.Answer, ct), o => TypedResults.Ok(ObjectionResponse.From(o)));

    private static IResult Respond<T>(Outcome<T> result, Func<T, IResult> ok) => result.Failure is { } failure ? failure.ToProblem() : ok(result.Value!);
}
