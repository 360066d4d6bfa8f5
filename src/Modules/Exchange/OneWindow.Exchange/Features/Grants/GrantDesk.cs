using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Events;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Grants;

/// <summary>
/// The request → approve | refuse → revoke cycle of sharing grants (共享申请与授权). Each transition is one transaction
/// with its audit entry and its webhook event (the provider hears of a request, the consumer of the answer).
/// </summary>
public sealed partial class GrantDesk(
    ExchangeDbContext db,
    IDataResourceCatalog catalog,
    IOrganisationDirectory organisation,
    IWorkingCalendar calendar,
    TimeProvider clock)
{
    public const int MaxClients = 10;
    public const int MaxYears = 3;

    public async Task<Outcome<DataGrant>> RequestAsync(GrantActor actor, GrantRequest request, CancellationToken ct)
    {
        if (actor.RequestingDepartment is not { } consumerId)
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.request_forbidden");
        }

        var errors = new ValidationErrors();
        var resource = string.IsNullOrWhiteSpace(request.ResourceCode) ? null
            : await catalog.PublishedAsync(DataResourceCodes.FromUrl(request.ResourceCode.Trim()), ct);
        if (resource == null)
        {
            errors.Add("resourceCode", ExchangeText.T(string.IsNullOrWhiteSpace(request.ResourceCode) ? "exchange.required" : "exchange.resource_not_found"));
            return ExchangeText.Invalid(errors);
        }

        if (resource.SharingClass == SharingClasses.NotShared)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.not_shared", resource.NotSharedBasis ?? "");
        }

        if (resource.ProviderDepartmentId == consumerId)
        {
            errors.Add("resourceCode", ExchangeText.T("exchange.own_resource"));
        }

        var purpose = Text(request.Purpose, "purpose", 500, errors);
        var basis = Text(request.LegalBasis, "legalBasis", 500, errors);
        var items = CheckItems(resource, request.Items, request.ClearItems, errors);
        var (rowScope, rowRegion) = await CheckRowsAsync(request.RowScope, request.RowRegion, errors, ct);
        if (rowScope == RowScopes.Region && resource.Holding is ResourceHoldings.LicenceLibrary or ResourceHoldings.Proxy)
        {
            // Licences and proxied rows carry no division the platform can check.
            errors.Add("rowScope", ExchangeText.T("exchange.row_scope_unsupported"));
        }

        var clients = CheckClients(request.ClientIds, errors);
        var today = ChinaTime.Today(clock);
        var (from, until) = CheckDates(request.ValidFrom, request.ValidUntil, today, errors);
        if (!errors.IsValid)
        {
            return ExchangeText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var days = await calendar.CurrentAsync(ct);
        var grant = new DataGrant
        {
            ResourceCode = resource.Code,
            ResourceVersion = resource.Version,
            ResourceName = resource.Name,
            SharingClass = resource.SharingClass,
            ProviderDepartmentId = resource.ProviderDepartmentId,
            ConsumerDepartmentId = consumerId,
            RequestedBy = actor.Subject,
            Purpose = purpose!,
            LegalBasis = basis!,
            Items = string.Join(' ', items.Items),
            ClearItems = string.Join(' ', items.Clear),
            RowScope = rowScope!,
            RowRegion = rowRegion,
            ClientIds = string.Join(' ', clients),
            ValidFrom = from,
            ValidUntil = until,
            RequestedAt = now,
            DueOn = days.AddWorkingDays(today, resource.DecisionWorkingDays),
        };

        // 无条件共享: granted on request, still recorded with who asked and why.
        var unconditional = resource.SharingClass == SharingClasses.Unconditional;
        if (unconditional)
        {
            grant.Status = GrantStatus.Approved;
            grant.DecidedBy = "system";
            grant.DecidedAt = now;
            grant.DecisionReason = ExchangeText.T("exchange.unconditional_granted");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Grants.Add(grant);
        await db.SaveChangesAsync(ct);
        await RecordAsync(actor, grant, "exchange.grant.requested", now, ct);
        if (unconditional)
        {
            await RecordAsync(actor, grant, "exchange.grant.approved", now, ct);
        }

        await tx.CommitAsync(ct);
        return grant;
    }

    public Task<Outcome<DataGrant>> ApproveAsync(GrantActor actor, long id, GrantDecision decision, CancellationToken ct) =>
        DecideAsync(actor, id, decision, approve: true, ct);

    public Task<Outcome<DataGrant>> RefuseAsync(GrantActor actor, long id, GrantDecision decision, CancellationToken ct) =>
        DecideAsync(actor, id, decision, approve: false, ct);

    public async Task<Outcome<DataGrant>> RevokeAsync(GrantActor actor, long id, GrantDecision decision, CancellationToken ct)
    {
        var found = await FindForAsync(actor, id, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var (grant, provider, consumer) = found.Value;
        if (!actor.CanRevoke(grant, provider, consumer))
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.revoke_forbidden");
        }

        var errors = new ValidationErrors();
        var reason = Text(decision.Reason, "reason", 500, errors);
        if (!errors.IsValid)
        {
            return ExchangeText.Invalid(errors);
        }

        if (grant.Status != GrantStatus.Approved)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.not_revocable", StatusText(grant.Status));
        }

        var now = clock.GetUtcNow();
        grant.Status = GrantStatus.Revoked;
        grant.RevokedBy = actor.Subject;
        grant.RevokedAt = now;
        grant.RevokeReason = reason;
        return await SaveTransitionAsync(actor, grant, "exchange.grant.revoked", now, ct);
    }

    /// <summary>The grant with both departments, if the caller may read it (404 otherwise: a grant outside the caller's
    /// reach is not acknowledged).</summary>
    public async Task<Outcome<(DataGrant Grant, OrgDepartment Provider, OrgDepartment Consumer)>> FindForAsync(GrantActor actor, long id, CancellationToken ct)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == id, ct);
        var provider = grant == null ? null : await organisation.DepartmentAsync(grant.ProviderDepartmentId, ct);
        var consumer = grant == null ? null : await organisation.DepartmentAsync(grant.ConsumerDepartmentId, ct);
        if (grant == null || provider == null || consumer == null || !actor.CanRead(grant, provider, consumer))
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.grant_not_found");
        }

        return (grant, provider, consumer);
    }

    /// <summary>Marks pending requests past their last working day as escalated (the data administrators of the
    /// provider's region then see them and may answer). Returns how many were escalated.</summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var overdue = await db.Grants.Where(g => g.Status == GrantStatus.Pending && g.DueOn < today && g.EscalatedAt == null)
            .OrderBy(g => g.Id).Take(200).ToListAsync(ct);
        if (overdue.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var grant in overdue)
        {
            grant.EscalatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        foreach (var grant in overdue)
        {
            await AuditLog.AppendAsync(db, new AuditRecord("system", null, "exchange.grant.escalated", "data_grant", Id(grant),
                $"Request for {grant.ResourceCode} past its deadline {grant.DueOn:yyyy-MM-dd}; escalated to the data administrators"), now, ct);
            await EventOutbox.AppendAsync(db, Event(grant, "exchange.grant.escalated", grant.ProviderDepartmentId), now, ct);
        }

        await tx.CommitAsync(ct);
        return overdue.Count;
    }

    private async Task<Outcome<DataGrant>> DecideAsync(GrantActor actor, long id, GrantDecision decision, bool approve, CancellationToken ct)
    {
        var found = await FindForAsync(actor, id, ct);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var (grant, provider, _) = found.Value;
        if (grant.RequestedBy == actor.Subject)
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.own_request");
        }

        if (!actor.CanDecide(grant, provider))
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.decide_forbidden");
        }

        var errors = new ValidationErrors();
        var reason = approve ? Optional(decision.Reason, "reason", 500, errors) : Text(decision.Reason, "reason", 500, errors);
        if (!errors.IsValid)
        {
            return ExchangeText.Invalid(errors);
        }

        if (grant.Status != GrantStatus.Pending)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.already_decided", StatusText(grant.Status));
        }

        var now = clock.GetUtcNow();
        grant.Status = approve ? GrantStatus.Approved : GrantStatus.Refused;
        grant.DecidedBy = actor.Subject;
        grant.DecidedAt = now;
        grant.DecisionReason = reason;
        return await SaveTransitionAsync(actor, grant, approve ? "exchange.grant.approved" : "exchange.grant.refused", now, ct);
    }

    private async Task<Outcome<DataGrant>> SaveTransitionAsync(GrantActor actor, DataGrant grant, string action, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.changed_meanwhile");
        }

        await RecordAsync(actor, grant, action, now, ct);
        if (action == "exchange.grant.revoked")
        {
            await db.Subscriptions.Where(s => s.GrantId == grant.Id && s.Active).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false), ct);
        }

        await tx.CommitAsync(ct);
        return grant;
    }

    private async Task RecordAsync(GrantActor actor, DataGrant grant, string action, DateTimeOffset now, CancellationToken ct)
    {
        var summary = action switch
        {
            "exchange.grant.requested" => $"Department {grant.ConsumerDepartmentId} requested {grant.ResourceCode} ({grant.Items.Split(' ').Length} items, rows {grant.RowScope})",
            "exchange.grant.approved" => $"Grant {grant.Id} of {grant.ResourceCode} to department {grant.ConsumerDepartmentId} approved",
            "exchange.grant.refused" => $"Request {grant.Id} of {grant.ResourceCode} by department {grant.ConsumerDepartmentId} refused",
            _ => $"Grant {grant.Id} of {grant.ResourceCode} to department {grant.ConsumerDepartmentId} revoked",
        };
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.Principal.DepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            action, "data_grant", Id(grant), summary), now, ct);
        // The provider hears of requests; the consumer of every answer and of revocation.
        var to = action == "exchange.grant.requested" ? grant.ProviderDepartmentId : grant.ConsumerDepartmentId;
        await EventOutbox.AppendAsync(db, Event(grant, action, to), now, ct);
    }

    private static OutboxEvent Event(DataGrant grant, string type, long departmentId) =>
        new(Guid.NewGuid(), type, departmentId, "data_grant:" + Id(grant), new
        {
            grantId = grant.Id,
            grant.ResourceCode,
            grant.Status,
            grant.ConsumerDepartmentId,
            grant.ProviderDepartmentId,
            dueOn = grant.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

    private static string Id(DataGrant grant) => grant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string StatusText(string status) => ExchangeText.T("exchange.status." + status);

    private static string? Text(string? value, string field, int max, ValidationErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, ExchangeText.T("exchange.required"));
            return null;
        }

        return Optional(text, field, max, errors);
    }

    private static string? Optional(string? value, string field, int max, ValidationErrors errors)
    {
        var text = value?.Trim();
        if (text is { Length: > 0 } && text.Length > max)
        {
            errors.Add(field, ExchangeText.T("exchange.too_long", max));
        }

        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static (List<string> Items, List<string> Clear) CheckItems(SharedResource resource, List<string>? items, List<string>? clear, ValidationErrors errors)
    {
        var asked = (items ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (asked.Count == 0)
        {
            errors.Add("items", ExchangeText.T("exchange.items_required"));
        }

        var unknown = asked.Where(i => resource.Item(i) == null).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("items", ExchangeText.T("exchange.items_unknown", string.Join(", ", unknown.Take(5))));
        }

        var inClear = (clear ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var wrongClear = inClear.Where(i => !asked.Contains(i) || resource.Item(i) is not { IsPersonal: true }).ToList();
        if (wrongClear.Count > 0)
        {
            errors.Add("clearItems", ExchangeText.T("exchange.clear_items_invalid", string.Join(", ", wrongClear.Take(5))));
        }

        return (asked, inClear);
    }

    private async Task<(string? Scope, string? Region)> CheckRowsAsync(string? scope, string? region, ValidationErrors errors, CancellationToken ct)
    {
        var value = string.IsNullOrWhiteSpace(scope) ? RowScopes.All : scope.Trim();
        if (!RowScopes.Values.Contains(value))
        {
            errors.Add("rowScope", ExchangeText.T("exchange.row_scope_invalid", string.Join(", ", RowScopes.Values)));
            return (null, null);
        }

        if (value != RowScopes.Region)
        {
            return (value, null);
        }

        var code = region?.Trim();
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit) || !await organisation.IsCurrentRegionAsync(code, ct))
        {
            errors.Add("rowRegion", ExchangeText.T("exchange.row_region_invalid"));
        }

        return (value, code);
    }

    private static List<string> CheckClients(List<string>? clientIds, ValidationErrors errors)
    {
        var clients = (clientIds ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (clients.Count == 0)
        {
            errors.Add("clientIds", ExchangeText.T("exchange.clients_required"));
        }
        else if (clients.Count > MaxClients || clients.Any(c => !ClientIdPattern().IsMatch(c)))
        {
            errors.Add("clientIds", ExchangeText.T("exchange.clients_invalid", MaxClients));
        }

        return clients;
    }

    private static (DateOnly From, DateOnly Until) CheckDates(string? from, string? until, DateOnly today, ValidationErrors errors)
    {
        var start = today;
        if (!string.IsNullOrWhiteSpace(from) && !DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", out start))
        {
            errors.Add("validFrom", ExchangeText.T("exchange.date_format"));
            return (today, today);
        }

        if (start < today)
        {
            errors.Add("validFrom", ExchangeText.T("exchange.from_past"));
        }

        var end = start.AddYears(1).AddDays(-1);
        if (!string.IsNullOrWhiteSpace(until) && !DateOnly.TryParseExact(until.Trim(), "yyyy-MM-dd", out end))
        {
            errors.Add("validUntil", ExchangeText.T("exchange.date_format"));
            return (start, start);
        }

        if (end < start || end > start.AddYears(MaxYears))
        {
            errors.Add("validUntil", ExchangeText.T("exchange.until_range", MaxYears));
        }

        return (start, end);
    }

    [GeneratedRegex("^[a-z0-9._-]{3,100}$")]
    private static partial Regex ClientIdPattern();
}
