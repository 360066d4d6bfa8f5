using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Features.Calls;
using OneWindow.Exchange.Log;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Events;
using OneWindow.Shared.Http;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Holding;

/// <summary>
/// Rows of "table" resources held on the platform: the provider pushes changes; each change gets the resource's next
/// sequence number and, in the same transaction, one webhook event per active subscription whose grant covers the row
/// (items filtered and masked by the grant, the subscription's own gapless sequence), so subscribers get every change
/// once and can apply them in order.
/// </summary>
internal sealed class HeldTables(ExchangeDbContext db, IDataResourceCatalog catalog, SubjectIndex index, TimeProvider clock)
{
    public const int MaxRows = 500;
    public const int MaxValueLength = 2000;
    private const string RegionItem = "regionCode";

    public async Task<Outcome<RowBatchResult>> ApplyAsync(PlatformPrincipal caller, string code, RowBatch batch, CancellationToken ct)
    {
        var resource = await catalog.PublishedAsync(DataResourceCodes.FromUrl(code), ct);
        if (resource == null)
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.resource_not_found");
        }

        if (!MayProvide(caller, resource))
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.provide_forbidden");
        }

        if (resource.Holding != ResourceHoldings.Table)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.not_a_table");
        }

        var errors = new ValidationErrors();
        var rows = batch.Rows ?? [];
        var deletes = (batch.Deletes ?? []).Select(k => k?.Trim() ?? "").ToList();
        if (rows.Count + deletes.Count is 0 or > MaxRows)
        {
            errors.Add("rows", ExchangeText.T("exchange.rows_count", MaxRows));
        }

        for (var i = 0; i < rows.Count && errors.Count < 20; i++)
        {
            CheckRow(resource, rows[i], i, errors);
        }

        if (deletes.Any(k => k.Length is 0 or > 100))
        {
            errors.Add("deletes", ExchangeText.T("exchange.row_key"));
        }

        var keys = rows.Select(r => r.Key!.Trim()).Concat(deletes).ToList();
        if (errors.IsValid && keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            errors.Add("rows", ExchangeText.T("exchange.row_key_twice"));
        }

        if (!errors.IsValid)
        {
            return ExchangeText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Rows.Where(r => r.ResourceCode == resource.Code && keys.Contains(r.RowKey)).ToDictionaryAsync(r => r.RowKey, StringComparer.Ordinal, ct);
        var sequence = await NextSequenceHolderAsync(resource.Code, ct);
        var changed = new List<(HeldRow Row, bool Deleted)>();
        var unchanged = 0;
        foreach (var change in rows)
        {
            var key = change.Key!.Trim();
            var data = change.Data!.Where(d => d.Value != null).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
            var json = JsonSerializer.Serialize(data);
            if (existing.TryGetValue(key, out var row) && !row.Deleted && row.DataJson == json)
            {
                unchanged++;
                continue;
            }

            if (row == null)
            {
                row = new HeldRow { ResourceCode = resource.Code, RowKey = key, DataJson = json };
                db.Rows.Add(row);
            }

            row.DataJson = json;
            row.Deleted = false;
            row.SubjectIndex = resource.SubjectItem != null && data.TryGetValue(resource.SubjectItem, out var subject) && !string.IsNullOrWhiteSpace(subject) ? index.Of(subject) : null;
            row.RegionCode = data.TryGetValue(RegionItem, out var region) && region is { Length: 6 } ? region : null;
            row.Sequence = ++sequence.LastSequence;
            row.UpdatedAt = now;
            changed.Add((row, false));
        }

        foreach (var key in deletes)
        {
            if (existing.TryGetValue(key, out var row) && !row.Deleted)
            {
                row.Deleted = true;
                row.Sequence = ++sequence.LastSequence;
                row.UpdatedAt = now;
                changed.Add((row, true));
            }
            else
            {
                unchanged++;
            }
        }

        await db.SaveChangesAsync(ct);
        var events = await FanOutAsync(resource, changed, now, ct);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(caller.Subject, caller.DepartmentId?.ToString(CultureInfo.InvariantCulture), "exchange.rows.changed", "data_resource", resource.Code,
            $"{changed.Count(c => !c.Deleted)} rows written, {changed.Count(c => c.Deleted)} deleted, {unchanged} unchanged; {events} change events"), now, ct);
        await tx.CommitAsync(ct);
        return new RowBatchResult(changed.Count(c => !c.Deleted), changed.Count(c => c.Deleted), unchanged, sequence.LastSequence, events);
    }

    internal static bool MayProvide(PlatformPrincipal caller, SharedResource resource) =>
        caller.IsClient ? caller.DepartmentId == resource.ProviderDepartmentId
        : caller.IsStaff && (caller.Roles.Contains(StaffRoles.PlatformAdmin)
            || (caller.DepartmentId == resource.ProviderDepartmentId
                && (caller.Roles.Contains(StaffRoles.DepartmentAdmin) || caller.Roles.Contains(StaffRoles.DataAdmin))));

    /// <summary>The resource's change counter, locked for this transaction (rows of one resource change one batch at a
    /// time, so sequences are handed out in commit order).</summary>
    private async Task<ResourceSequence> NextSequenceHolderAsync(string code, CancellationToken ct)
    {
        if (OneWindow.Shared.Data.RawSql.IsPostgres(db))
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO exchange_sequences (resource_code, last_sequence) VALUES ({0}, 0) ON CONFLICT (resource_code) DO NOTHING", [code], ct);
            return await db.Sequences.FromSqlRaw("SELECT * FROM exchange_sequences WHERE resource_code = {0} FOR UPDATE", code).SingleAsync(ct);
        }

        var holder = await db.Sequences.FirstOrDefaultAsync(s => s.ResourceCode == code, ct);
        if (holder == null)
        {
            holder = new ResourceSequence { ResourceCode = code };
            db.Sequences.Add(holder);
        }

        return holder;
    }

    private async Task<int> FanOutAsync(SharedResource resource, List<(HeldRow Row, bool Deleted)> changed, DateTimeOffset now, CancellationToken ct)
    {
        if (changed.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.Subscriptions.Where(s => s.ResourceCode == resource.Code && s.Active).OrderBy(s => s.Id).ToListAsync(ct);
        if (subscriptions.Count == 0)
        {
            return 0;
        }

        var grantIds = subscriptions.Select(s => s.GrantId).ToList();
        var grants = await db.Grants.AsNoTracking().Where(g => grantIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var today = ChinaTime.Today(clock);
        var emitted = 0;
        foreach (var subscription in subscriptions)
        {
            if (!grants.TryGetValue(subscription.GrantId, out var grant) || !grant.IsInForce(today))
            {
                continue;
            }

            var items = grant.ItemSet.ToList();
            foreach (var (row, deleted) in changed.OrderBy(c => c.Row.Sequence))
            {
                if (grant.RowScope == RowScopes.Region && (row.RegionCode == null || !RegionCodes.Contains(grant.RowRegion!, row.RegionCode)))
                {
                    continue;
                }

                var data = deleted ? null : Project(resource, grant, items, TableRowSource.Parse(row.DataJson));
                subscription.LastSequence++;
                await EventOutbox.AppendAsync(db, new OutboxEvent(Guid.NewGuid(), "exchange.row.changed", grant.ConsumerDepartmentId, "data_resource:" + resource.Code, new
                {
                    subscriptionId = subscription.Id,
                    grantId = grant.Id,
                    sequence = subscription.LastSequence,
                    resource = resource.Code,
                    rowKey = row.RowKey,
                    change = deleted ? "deleted" : "upserted",
                    data,
                }), now, ct);
                emitted++;
            }
        }

        return emitted;
    }

    private static Dictionary<string, string?> Project(SharedResource resource, DataGrant grant, List<string> items, IReadOnlyDictionary<string, string?> values) =>
        items.ToDictionary(key => key, key =>
        {
            values.TryGetValue(key, out var value);
            return resource.Item(key) is { IsPersonal: true } item && !grant.ClearItemSet.Contains(key) ? Masking.Apply(item.Mask, value) : value;
        }, StringComparer.Ordinal);

    private static void CheckRow(SharedResource resource, RowChange change, int i, ValidationErrors errors)
    {
        if (change.Key?.Trim() is not { Length: > 0 and <= 100 })
        {
            errors.Add($"rows[{i}].key", ExchangeText.T("exchange.row_key"));
        }

        if (change.Data is not { Count: > 0 } data)
        {
            errors.Add($"rows[{i}].data", ExchangeText.T("exchange.required"));
            return;
        }

        var unknown = data.Keys.Where(k => resource.Item(k) == null).ToList();
        if (unknown.Count > 0)
        {
            errors.Add($"rows[{i}].data", ExchangeText.T("exchange.items_unknown", string.Join(", ", unknown.Take(5))));
        }

        if (data.Values.Any(v => v is { Length: > MaxValueLength }))
        {
            errors.Add($"rows[{i}].data", ExchangeText.T("exchange.too_long", MaxValueLength));
        }
    }
}
