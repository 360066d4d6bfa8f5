using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Integration.Data;
using OneWindow.Integration.Domain;
using OneWindow.Integration.Protection;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;

namespace OneWindow.Integration.Subscriptions;

/// <param name="Url">Where events are POSTed: https (http only on loopback in Development and tests).</param>
/// <param name="EventTypes">Type prefixes such as "case." or "case.decided"; empty or absent: every type.</param>
/// <param name="DepartmentId">Platform admins: the department whose events it receives, absent for platform-wide.
/// Others: absent or their own department.</param>
public sealed record CreateSubscriptionRequest(string? Url, IReadOnlyList<string>? EventTypes, long? DepartmentId);

public sealed record CreatedSubscription(Subscription Subscription, string Secret);

public sealed record SubscriptionPage(IReadOnlyList<Subscription> Rows, long? NextAfter);

public sealed record DeliveryRow(Delivery Delivery, string EventType, string Url);

public sealed record DeliveryPage(IReadOnlyList<DeliveryRow> Rows, long? NextBefore);

/// <summary>
/// Subscriptions and their deliveries as their managers see them (<see cref="WebhookActor"/>). Every change is
/// audited in its own transaction (integration.subscription.created|deactivated|secret_rotated,
/// integration.delivery.redelivered) naming the actor by subject, never the secret or the URL's query.
/// </summary>
public sealed class WebhookSubscriptions(IntegrationDbContext db, SecretProtector secrets, DispatcherOptions options, IOrganisationDirectory organisation, TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int MaxEventTypes = 20;

    public async Task<Outcome<CreatedSubscription>> CreateAsync(CreateSubscriptionRequest request, WebhookActor actor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var url = CheckUrl(request.Url, errors);
        var types = CheckEventTypes(request.EventTypes, errors);
        long? department;
        if (actor.PlatformAdmin)
        {
            department = request.DepartmentId;
            if (department is { } id && await organisation.DepartmentAsync(id, ct) == null)
            {
                errors.Add("departmentId", IntegrationText.T("integration.department_not_found"));
            }
        }
        else
        {
            if (request.DepartmentId is { } requested && requested != actor.DepartmentId)
            {
                return IntegrationText.Fail(FailureKind.Forbidden, "integration.department_forbidden");
            }

            department = actor.DepartmentId;
        }

        if (!errors.IsValid)
        {
            return IntegrationText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var secret = SecretProtector.NewSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var subscription = new Subscription
        {
            Owner = actor.Subject,
            DepartmentId = department,
            Url = url!,
            EventTypes = string.Join(' ', types),
            Active = true,
            CreatedAt = now,
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        subscription.SecretProtected = secrets.Protect(secret, subscription.Id);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "integration.subscription.created", subscription, "创建事件订阅", new { departmentId = department, eventTypes = types, host = new Uri(subscription.Url).Authority }, now, ct);
        await transaction.CommitAsync(ct);
        return new CreatedSubscription(subscription, secret);
    }

    public async Task<SubscriptionPage> ListAsync(WebhookActor actor, long? afterId, int pageSize, CancellationToken ct)
    {
        var query = Reachable(actor);
        if (afterId is { } after)
        {
            query = query.Where(s => s.Id > after);
        }

        var rows = await query.OrderBy(s => s.Id).Take(pageSize + 1).ToListAsync(ct);
        return rows.Count > pageSize ? new SubscriptionPage(rows[..pageSize], rows[pageSize - 1].Id) : new SubscriptionPage(rows, null);
    }

    public async Task<Outcome<Subscription>> GetAsync(long id, WebhookActor actor, CancellationToken ct)
    {
        var subscription = await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return subscription != null && actor.Reaches(subscription)
            ? subscription
            : NotFound();
    }

    /// <summary>DELETE: the subscription stops receiving; its pending deliveries are given up (dead). Idempotent.</summary>
    public async Task<Outcome<Subscription>> DeactivateAsync(long id, WebhookActor actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription == null || !actor.Reaches(subscription))
        {
            return NotFound();
        }

        if (subscription.Active)
        {
            var now = clock.GetUtcNow();
            subscription.Active = false;
            await db.SaveChangesAsync(ct);
            await db.Deliveries.Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Dead).SetProperty(d => d.LastError, "订阅已停用 subscription deactivated"), ct);
            await AuditAsync(actor, "integration.subscription.deactivated", subscription, "停用事件订阅", null, now, ct);
        }

        await transaction.CommitAsync(ct);
        return subscription;
    }

    /// <summary>A new secret at once; deliveries signed from now on use it (also retries of older events).</summary>
    public async Task<Outcome<CreatedSubscription>> RotateSecretAsync(long id, WebhookActor actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription == null || !actor.Reaches(subscription))
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var secret = SecretProtector.NewSecret();
        subscription.SecretProtected = secrets.Protect(secret, subscription.Id);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, "integration.subscription.secret_rotated", subscription, "更换订阅签名密钥", null, now, ct);
        await transaction.CommitAsync(ct);
        return new CreatedSubscription(subscription, secret);
    }

    /// <summary>A subscription's deliveries, newest first; the next page starts below <paramref name="beforeId"/>.</summary>
    public async Task<Outcome<DeliveryPage>> DeliveriesAsync(long subscriptionId, WebhookActor actor, long? beforeId, int pageSize, CancellationToken ct)
    {
        var subscription = await GetAsync(subscriptionId, actor, ct);
        if (!subscription.Succeeded)
        {
            return subscription.Failure!;
        }

        var query = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (beforeId is { } before)
        {
            query = query.Where(d => d.Id < before);
        }

        return await PageAsync(query, subscription.Value!.Url, pageSize, ct);
    }

    /// <summary>The newest deliveries of every subscription the actor reaches (the admin page).</summary>
    public async Task<IReadOnlyList<DeliveryRow>> RecentDeliveriesAsync(WebhookActor actor, int count, CancellationToken ct)
    {
        var rows = await (
                from d in db.Deliveries.AsNoTracking()
                join s in Reachable(actor) on d.SubscriptionId equals s.Id
                join o in db.Outbox on d.OutboxId equals o.Id
                orderby d.Id descending
                select new { Delivery = d, o.Type, s.Url })
            .Take(count)
            .ToListAsync(ct);
        return rows.Select(r => new DeliveryRow(r.Delivery, r.Type, r.Url)).ToList();
    }

    /// <summary>Sends the event again as soon as the dispatcher passes (a new schedule: attempts start from zero).</summary>
    public async Task<Outcome<DeliveryRow>> RedeliverAsync(long deliveryId, WebhookActor actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        var subscription = delivery == null ? null : await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
        if (delivery == null || subscription == null || !actor.Reaches(subscription))
        {
            return IntegrationText.Fail(FailureKind.NotFound, "integration.delivery_not_found");
        }

        if (!subscription.Active)
        {
            return Failure.Invalid("integration.subscription_inactive", IntegrationText.T("integration.invalid"), "subscription", IntegrationText.T("integration.subscription_inactive"));
        }

        var now = clock.GetUtcNow();
        delivery.Status = DeliveryStatus.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = now;
        delivery.DeliveredAt = null;
        delivery.LeaseUntil = null;
        delivery.LeaseToken = null;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(CultureInfo.InvariantCulture), "integration.delivery.redelivered",
            "integration.delivery", delivery.Id.ToString(CultureInfo.InvariantCulture), "重新投递事件",
            JsonSerializer.Serialize(new { subscriptionId = subscription.Id, eventId = delivery.EventId })), now, ct);
        await transaction.CommitAsync(ct);
        var type = await db.Outbox.Where(o => o.Id == delivery.OutboxId).Select(o => o.Type).FirstAsync(ct);
        return new DeliveryRow(delivery, type, subscription.Url);
    }

    private static Failure NotFound() => IntegrationText.Fail(FailureKind.NotFound, "integration.subscription_not_found");

    private IQueryable<Subscription> Reachable(WebhookActor actor)
    {
        var query = db.Subscriptions.AsNoTracking();
        if (actor.PlatformAdmin)
        {
            return query;
        }

        query = query.Where(s => s.DepartmentId == actor.DepartmentId);
        return actor.OwnOnly ? query.Where(s => s.Owner == actor.Subject) : query;
    }

    private async Task<DeliveryPage> PageAsync(IQueryable<Delivery> query, string url, int pageSize, CancellationToken ct)
    {
        var rows = await (
                from d in query
                join o in db.Outbox on d.OutboxId equals o.Id
                orderby d.Id descending
                select new { Delivery = d, o.Type })
            .Take(pageSize + 1)
            .ToListAsync(ct);
        var page = rows.Take(pageSize).Select(r => new DeliveryRow(r.Delivery, r.Type, url)).ToList();
        return new DeliveryPage(page, rows.Count > pageSize ? page[^1].Delivery.Id : null);
    }

    private string? CheckUrl(string? value, ValidationErrors errors)
    {
        var url = value?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            errors.Add("url", IntegrationText.T("integration.url_required"));
            return null;
        }

        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("url", IntegrationText.T("integration.url_format"));
            return null;
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add("url", IntegrationText.T("integration.url_credentials"));
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !(options.AllowLoopbackHttp && uri.IsLoopback))
        {
            errors.Add("url", IntegrationText.T(options.AllowLoopbackHttp ? "integration.url_https_loopback" : "integration.url_https"));
            return null;
        }

        return uri.AbsoluteUri;
    }

    private static List<string> CheckEventTypes(IReadOnlyList<string>? values, ValidationErrors errors)
    {
        var types = new List<string>();
        if (values == null)
        {
            return types;
        }

        if (values.Count > MaxEventTypes)
        {
            errors.Add("eventTypes", IntegrationText.T("integration.event_types_too_many", MaxEventTypes));
            return types;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var type = values[i]?.Trim() ?? "";
            if (type.Length is < 1 or > 100 || !type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_'))
            {
                errors.Add($"eventTypes[{i}]", IntegrationText.T("integration.event_type_format"));
            }
            else if (!types.Contains(type))
            {
                types.Add(type);
            }
        }

        return types;
    }

    private Task AuditAsync(WebhookActor actor, string action, Subscription subscription, string summary, object? data, DateTimeOffset now, CancellationToken ct) =>
        AuditLog.AppendAsync(db, new AuditRecord(
            actor.Subject,
            actor.DepartmentId?.ToString(CultureInfo.InvariantCulture),
            action,
            "integration.subscription",
            subscription.Id.ToString(CultureInfo.InvariantCulture),
            summary,
            data == null ? null : JsonSerializer.Serialize(data)), now, ct);
}
