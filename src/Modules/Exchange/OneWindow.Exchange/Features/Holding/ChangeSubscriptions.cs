using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Features.Grants;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Holding;

/// <summary>Subscribing a grant to its resource's changes (变更订阅): only grants in force of held table resources, by
/// the consumer department (its administrators or its granted client systems); one subscription per grant.</summary>
internal sealed class ChangeSubscriptions(ExchangeDbContext db, IDataResourceCatalog catalog, TimeProvider clock)
{
    public async Task<Outcome<ChangeSubscription>> SubscribeAsync(PlatformPrincipal caller, long grantId, CancellationToken ct)
    {
        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant == null || !IsConsumer(caller, grant))
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.grant_not_found");
        }

        if (!grant.IsInForce(ChinaTime.Today(clock)))
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.grant_not_in_force", GrantDesk.StatusText(grant.Status));
        }

        var resource = await catalog.PublishedAsync(grant.ResourceCode, ct);
        if (resource?.Holding != ResourceHoldings.Table)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.not_subscribable");
        }

        var existing = await db.Subscriptions.FirstOrDefaultAsync(s => s.GrantId == grantId, ct);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (existing == null)
        {
            existing = new ChangeSubscription { GrantId = grantId, ResourceCode = grant.ResourceCode, ConsumerDepartmentId = grant.ConsumerDepartmentId, CreatedBy = caller.Subject, CreatedAt = now };
            db.Subscriptions.Add(existing);
        }

        existing.Active = true;
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(caller.Subject, caller.DepartmentId?.ToString(CultureInfo.InvariantCulture), "exchange.subscription.created",
            "data_grant", grantId.ToString(CultureInfo.InvariantCulture), $"Changes of {grant.ResourceCode} subscribed under grant {grantId}"), now, ct);
        await tx.CommitAsync(ct);
        return existing;
    }

    public async Task<Outcome<ChangeSubscription>> UnsubscribeAsync(PlatformPrincipal caller, long grantId, CancellationToken ct)
    {
        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, ct);
        var subscription = grant == null || !IsConsumer(caller, grant) ? null : await db.Subscriptions.FirstOrDefaultAsync(s => s.GrantId == grantId, ct);
        if (subscription == null)
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.subscription_not_found");
        }

        var now = clock.GetUtcNow();
        subscription.Active = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(caller.Subject, caller.DepartmentId?.ToString(CultureInfo.InvariantCulture), "exchange.subscription.ended",
            "data_grant", grantId.ToString(CultureInfo.InvariantCulture), $"Changes of {grant!.ResourceCode} no longer sent under grant {grantId}"), now, ct);
        await tx.CommitAsync(ct);
        return subscription;
    }

    private static bool IsConsumer(PlatformPrincipal caller, DataGrant grant) =>
        caller.DepartmentId == grant.ConsumerDepartmentId
        && (caller.IsClient ? grant.ClientIdSet.Contains(caller.Subject["client:".Length..])
            : caller.IsStaff && (caller.Roles.Contains(StaffRoles.DepartmentAdmin) || caller.Roles.Contains(StaffRoles.PlatformAdmin)));
}
