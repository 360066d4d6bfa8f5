using OneWindow.Shared.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneWindow.Integration.Domain;
using OneWindow.Integration.Subscriptions;
using OneWindow.Shared.Http;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Web;

namespace OneWindow.Integration.Api;

public sealed record SubscriptionResponse(long Id, string Owner, long? DepartmentId, bool PlatformWide, string Url, IReadOnlyList<string> EventTypes, bool Active, DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(Subscription s) =>
        new(s.Id, s.Owner, s.DepartmentId, s.DepartmentId == null, s.Url, s.EventTypeList, s.Active, s.CreatedAt);
}

public sealed record SubscriptionWithSecretResponse(SubscriptionResponse Subscription, string Secret);

public sealed record SubscriptionListResponse(IReadOnlyList<SubscriptionResponse> Subscriptions, string? NextCursor);

public sealed record DeliveryResponse(long Id, long SubscriptionId, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset? NextAttemptAt,
    int? LastStatus, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt)
{
    public static DeliveryResponse From(Delivery d, string eventType) =>
        new(d.Id, d.SubscriptionId, d.EventId, eventType, d.Status, d.Attempts, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null,
            d.LastStatus, d.LastError, d.DeliveredAt, d.CreatedAt);
}

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Deliveries, string? NextCursor);

/// <summary>/api/v1/webhooks: subscriptions of department systems to platform events, and their deliveries.</summary>
public static class WebhooksApi
{
    private const string Rules =
        " Callers: a department system's client-credentials token with scope webhooks.manage (its own subscriptions, for its own department), a department_admin (its department's) or a platform_admin (all, including platform-wide). Others: 403. A subscription outside the caller's reach: 404.";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization().RequireScope(IntegrationScopes.WebhooksManage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/subscriptions", Create).WithName("CreateWebhookSubscription")
            .WithSummary("Subscribe a URL to events; the answer carries the signing secret once")
            .Produces<SubscriptionWithSecretResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithDescription("Body: url (https; http only for 127.0.0.1/localhost in Development), eventTypes (type prefixes such as \"case.\", empty for all), departmentId (platform admins: absent = platform-wide; others: absent or their own department). Events are POSTed signed with HMAC-SHA256 (docs/integration-webhooks.md). Audited." + Rules);
        group.MapGet("/subscriptions", List).WithName("ListWebhookSubscriptions").WithSummary("The caller's subscriptions in id order (keyset paging)")
            .Produces<SubscriptionListResponse>().ProducesValidationProblem()
            .WithDescription("`after` is the nextCursor of the previous page; `pageSize` 1-100 (default 50)." + Rules);
        group.MapGet("/subscriptions/{id:long}", Get).WithName("GetWebhookSubscription").WithSummary("One subscription (never its secret)")
            .Produces<SubscriptionResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        group.MapDelete("/subscriptions/{id:long}", Deactivate).WithName("DeactivateWebhookSubscription")
            .WithSummary("Deactivate: no new deliveries; pending ones are given up (idempotent, audited)")
            .Produces<SubscriptionResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        group.MapPost("/subscriptions/{id:long}/rotate-secret", Rotate).WithName("RotateWebhookSecret")
            .WithSummary("Replace the signing secret; the answer carries the new one once (audited)")
            .Produces<SubscriptionWithSecretResponse>().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        group.MapGet("/subscriptions/{id:long}/deliveries", Deliveries).WithName("ListWebhookDeliveries")
            .WithSummary("A subscription's deliveries, newest first (keyset paging)")
            .Produces<DeliveryListResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Status pending|delivered|dead, attempts, the next attempt, the last HTTP status and error. `after` is the nextCursor of the previous page; `pageSize` 1-100 (default 50)." + Rules);
        group.MapPost("/deliveries/{id:long}/redeliver", Redeliver).WithName("RedeliverWebhook")
            .WithSummary("Send a delivery again at the next dispatcher pass, with a fresh retry schedule (audited)")
            .Produces<DeliveryResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithDescription(Rules.Trim());
        return app;
    }

    private static async Task<IResult> Create(CreateSubscriptionRequest body, ClaimsPrincipal user, WebhookSubscriptions subscriptions, HttpContext http, CancellationToken ct)
    {
        if (WebhookActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        var outcome = await subscriptions.CreateAsync(body, actor, ct);
        if (!outcome.Succeeded)
        {
            return outcome.Failure!.ToProblem();
        }

        http.Response.Headers.CacheControl = "no-store";
        var created = outcome.Value!;
        return TypedResults.Created($"/api/v1/webhooks/subscriptions/{created.Subscription.Id}",
            new SubscriptionWithSecretResponse(SubscriptionResponse.From(created.Subscription), created.Secret));
    }

    private static async Task<IResult> List(string? after, int? pageSize, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct)
    {
        if (WebhookActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        var (afterId, size, errors) = Paging(after, pageSize);
        if (!errors.IsValid)
        {
            return IntegrationText.InvalidQuery(errors).ToProblem();
        }

        var page = await subscriptions.ListAsync(actor, afterId, size, ct);
        return TypedResults.Ok(new SubscriptionListResponse(page.Rows.Select(SubscriptionResponse.From).ToList(), page.NextAfter is { } next ? Cursor.Encode(next) : null));
    }

    private static async Task<IResult> Get(long id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
        WebhookActor.From(user) is not { } actor ? Forbidden() : Respond(await subscriptions.GetAsync(id, actor, ct), SubscriptionResponse.From);

    private static async Task<IResult> Deactivate(long id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct) =>
        WebhookActor.From(user) is not { } actor ? Forbidden() : Respond(await subscriptions.DeactivateAsync(id, actor, ct), SubscriptionResponse.From);

    private static async Task<IResult> Rotate(long id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, HttpContext http, CancellationToken ct)
    {
        if (WebhookActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        http.Response.Headers.CacheControl = "no-store";
        return Respond(await subscriptions.RotateSecretAsync(id, actor, ct), c => new SubscriptionWithSecretResponse(SubscriptionResponse.From(c.Subscription), c.Secret));
    }

    private static async Task<IResult> Deliveries(long id, string? after, int? pageSize, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct)
    {
        if (WebhookActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        var (before, size, errors) = Paging(after, pageSize);
        if (!errors.IsValid)
        {
            return IntegrationText.InvalidQuery(errors).ToProblem();
        }

        return Respond(await subscriptions.DeliveriesAsync(id, actor, before, size, ct), page => new DeliveryListResponse(
            page.Rows.Select(r => DeliveryResponse.From(r.Delivery, r.EventType)).ToList(), page.NextBefore is { } next ? Cursor.Encode(next) : null));
    }

    private static async Task<IResult> Redeliver(long id, ClaimsPrincipal user, WebhookSubscriptions subscriptions, CancellationToken ct)
    {
        if (WebhookActor.From(user) is not { } actor)
        {
            return Forbidden();
        }

        var outcome = await subscriptions.RedeliverAsync(id, actor, ct);
        return outcome.Succeeded ? TypedResults.Ok(DeliveryResponse.From(outcome.Value!.Delivery, outcome.Value.EventType)) : outcome.Failure!.ToProblem();
    }

    private static (long? Position, int Size, ValidationErrors Errors) Paging(string? after, int? pageSize)
    {
        var errors = new ValidationErrors();
        long? position = null;
        if (after != null)
        {
            if (Cursor.TryDecode(after, out var id))
            {
                position = id;
            }
            else
            {
                errors.Add("after", IntegrationText.T("integration.cursor_invalid"));
            }
        }

        if (pageSize is < 1 or > WebhookSubscriptions.MaxPageSize)
        {
            errors.Add("pageSize", IntegrationText.T("integration.page_size", WebhookSubscriptions.MaxPageSize));
        }

        return (position, pageSize ?? 50, errors);
    }

    private static IResult Respond<T, TResponse>(Outcome<T> outcome, Func<T, TResponse> map) =>
        outcome.Succeeded ? TypedResults.Ok(map(outcome.Value!)) : outcome.Failure!.ToProblem();

    private static IResult Forbidden() => IntegrationText.Fail(FailureKind.Forbidden, "integration.manage_forbidden").ToProblem();
}
