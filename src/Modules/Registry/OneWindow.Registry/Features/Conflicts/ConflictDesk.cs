using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features.Golden;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Codes;
using OneWindow.Shared.Http;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;

namespace OneWindow.Registry.Features.Conflicts;

/// <summary>A conflict as the steward sees it; the code is masked for persons.</summary>
public sealed record ConflictView(long Id, long EntityId, string Kind, string MaskedCode, string Field, string Status, bool Blocking,
    IReadOnlyList<ConflictValue> Values, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, string? ClosedBy);

public sealed record ConflictPage(IReadOnlyList<ConflictView> Items, string? NextCursor);

/// <summary>How a steward settles a conflict: pick one of the values stated, or a source (its current value).</summary>
public sealed record ResolveConflictRequest(string? Value, string? Source, string? Reason);

/// <summary>The data steward's desk (数据管理员): lists conflicts (keyset by id) and resolves them into manual decisions.</summary>
public sealed class ConflictDesk(RegistryDbContext db, GoldenBuilder builder, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static string Mask(string kind, string code) => kind == Shared.Registry.RegistryRecord.Person ? CitizenIdNumber.Mask(code) : code;

    public async Task<Outcome<ConflictPage>> ListAsync(string? status, string? kind, string? after, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        status = string.IsNullOrEmpty(status) ? ConflictStatus.Open : status;
        if (status is not (ConflictStatus.Open or ConflictStatus.Resolved or ConflictStatus.Cleared))
        {
            errors.Add("status", "status 应为 open、resolved 或 cleared");
        }

        if (kind != null && !RegistryFields.IsKind(kind))
        {
            errors.Add("kind", "kind 应为 person 或 legal_person");
        }

        if (!Cursor.TryDecodeOptional(after, out var last))
        {
            errors.Add("after", "after 不是本接口给出的游标");
        }

        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize 应在 1 至 {MaxPageSize} 之间");
        }

        if (!errors.IsValid)
        {
            return RegistryText.Invalid(errors);
        }

        var query = db.Conflicts.AsNoTracking().Where(c => c.Status == status);
        if (kind != null)
        {
            query = query.Where(c => c.Kind == kind);
        }

        if (last is { } id)
        {
            query = query.Where(c => c.Id > id);
        }

        var rows = await query.Join(db.Entities, c => c.EntityId, e => e.Id, (c, e) => new { Conflict = c, e.Code })
            .OrderBy(r => r.Conflict.Id).Take(size + 1).ToListAsync(ct);
        var items = rows.Take(size).Select(r => View(r.Conflict, r.Code)).ToList();
        return new ConflictPage(items, rows.Count > size ? Cursor.Encode(items[^1].Id) : null);
    }

    public async Task<IReadOnlyList<ConflictView>> OfEntityAsync(long entityId, CancellationToken ct)
    {
        var entity = await db.Entities.AsNoTracking().FirstAsync(e => e.Id == entityId, ct);
        var rows = await db.Conflicts.AsNoTracking().Where(c => c.EntityId == entityId).OrderByDescending(c => c.Id).Take(100).ToListAsync(ct);
        return rows.Select(c => View(c, entity.Code)).ToList();
    }

    public static ConflictView View(RegistryConflict c, string code) => new(c.Id, c.EntityId, c.Kind, Mask(c.Kind, code), c.Field, c.Status, c.Blocking,
        GoldenBuilder.ReadValues(c.ValuesJson), c.OpenedAt, c.UpdatedAt, c.ClosedAt, c.ClosedBy);

    /// <summary>Records the steward's choice as a manual decision, closes the conflict and recomputes the golden
    /// record, in one transaction with its audit entry (which names the field and source, never the value).</summary>
    public async Task<Outcome<ConflictView>> ResolveAsync(long id, ResolveConflictRequest? request, RegistryActor actor, CancellationToken ct)
    {
        var conflict = await db.Conflicts.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conflict == null)
        {
            return RegistryText.Fail(FailureKind.NotFound, "registry.conflict_not_found", id);
        }

        if (conflict.Status != ConflictStatus.Open)
        {
            return RegistryText.Fail(FailureKind.Conflict, "registry.conflict_closed");
        }

        var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var claims = await db.Claims.AsNoTracking().Where(c => c.EntityId == conflict.EntityId && c.Field == conflict.Field).ToListAsync(ct);
        var errors = new ValidationErrors();
        var value = request?.Value?.Trim();
        var sourceKey = request?.Source?.Trim();
        CurrentClaim? chosen = null;
        if (string.IsNullOrEmpty(value) == string.IsNullOrEmpty(sourceKey))
        {
            errors.Add("value", "请选择一个取值（value）或一个数据来源（source），二者选一");
        }
        else if (!string.IsNullOrEmpty(sourceKey))
        {
            chosen = claims.FirstOrDefault(c => sources[c.SourceId].Key == sourceKey);
            if (chosen == null)
            {
                errors.Add("source", $"数据来源 {sourceKey} 没有为该字段提供取值");
            }
        }
        else
        {
            chosen = claims.Where(c => c.Value == value).OrderByDescending(c => c.ObservedAt).FirstOrDefault();
            if (chosen == null)
            {
                errors.Add("value", "只能选择某个数据来源给出的取值");
            }
        }

        var reason = request?.Reason?.Trim() ?? "";
        if (reason.Length > 500)
        {
            errors.Add("reason", "裁定理由不能超过500个字符");
        }

        if (!errors.IsValid)
        {
            return RegistryText.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two stewards at once: only the one whose UPDATE still finds the conflict open goes on.
        var closing = await db.Conflicts.Where(c => c.Id == id && c.Status == ConflictStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ConflictStatus.Resolved), ct);
        if (closing == 0)
        {
            return RegistryText.Fail(FailureKind.Conflict, "registry.conflict_closed");
        }

        db.Decisions.Add(new ManualDecision
        {
            EntityId = conflict.EntityId, Field = conflict.Field, Value = chosen!.Value, SourceId = chosen.SourceId, ConflictId = conflict.Id,
            Reason = reason, DecidedBy = actor.Subject, DecidedAt = now,
        });
        conflict.Status = ConflictStatus.Resolved;
        conflict.ClosedAt = now;
        conflict.ClosedBy = actor.Subject;
        conflict.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await builder.RecomputeAsync([conflict.EntityId], now, ct);
        await db.SaveChangesAsync(ct);
        var winner = sources[chosen.SourceId].Key;
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentText, "registry.conflict_resolved", "registry_conflict",
            conflict.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"冲突 {conflict.Id}（{conflict.Kind}.{conflict.Field}）裁定为数据来源 {winner} 的取值",
            JsonSerializer.Serialize(new { field = conflict.Field, source = winner, by = string.IsNullOrEmpty(sourceKey) ? "value" : "source" })), now, ct);
        await transaction.CommitAsync(ct);
        var code = await db.Entities.Where(e => e.Id == conflict.EntityId).Select(e => e.Code).FirstAsync(ct);
        return View(conflict, code);
    }
}
