using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Http;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Registry;
using OneWindow.Shared.Results;

namespace OneWindow.Registry.Features.Reading;

public sealed record SourceValue(string Source, string SourceName, string SourceNameEn, string Value, DateTimeOffset ObservedAt, DateTimeOffset ReceivedAt);

/// <summary>A golden field with how it was decided and every source's current value.</summary>
public sealed record GoldenFieldView(string Field, string Label, string LabelEn, string? Value, string? Source, string? SourceName, DateTimeOffset? AsOf,
    string Basis, IReadOnlyList<SourceValue> Sources);

public sealed record RecordView(long Id, string Kind, string Code, string MaskedCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<GoldenFieldView> Fields, int OpenConflicts);

public sealed record HistoryEntry(long Id, string Field, string Value, string Source, string SourceName, DateTimeOffset ObservedAt, DateTimeOffset ReceivedAt, long RecordId);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, string? NextCursor);

/// <summary>
/// Reads golden records for staff: by exact code only (the registry is not a people search). Every read of a
/// person's record is audited with the masked code, in a transaction of its own.
/// </summary>
public sealed class RegistryReader(RegistryDbContext db, TimeProvider clock)
{
    public const int MaxHistoryPage = 200;

    public Task<RegistryEntity?> FindAsync(string kind, string code, CancellationToken ct) =>
        db.Entities.AsNoTracking().FirstOrDefaultAsync(e => e.Kind == kind && e.Code == code, ct);

    public Task<RegistryEntity?> FindAsync(long id, CancellationToken ct) => db.Entities.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);

    public async Task<RecordView> ViewAsync(RegistryEntity entity, CancellationToken ct)
    {
        var sources = await db.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var golden = await db.Golden.AsNoTracking().Where(g => g.EntityId == entity.Id).ToDictionaryAsync(g => g.Field, ct);
        var claims = (await db.Claims.AsNoTracking().Where(c => c.EntityId == entity.Id).ToListAsync(ct)).ToLookup(c => c.Field);
        var open = await db.Conflicts.CountAsync(c => c.EntityId == entity.Id && c.Status == ConflictStatus.Open, ct);
        var fields = new List<GoldenFieldView>();
        foreach (var field in RegistryFields.Of(entity.Kind))
        {
            var values = claims[field.Key].OrderBy(c => sources[c.SourceId].Key, StringComparer.Ordinal)
                .Select(c => new SourceValue(sources[c.SourceId].Key, sources[c.SourceId].Name, sources[c.SourceId].NameEn, c.Value, c.ObservedAt, c.ReceivedAt)).ToList();
            if (!golden.TryGetValue(field.Key, out var g) && values.Count == 0)
            {
                continue;
            }

            var source = g?.SourceId is { } sid ? sources[sid] : null;
            fields.Add(new GoldenFieldView(field.Key, field.Zh, field.En, g?.Value, source?.Key, source?.Name, g?.AsOf, g?.Basis ?? GoldenBasis.Conflict, values));
        }

        return new RecordView(entity.Id, entity.Kind, entity.Code, Conflicts.ConflictDesk.Mask(entity.Kind, entity.Code), entity.CreatedAt, entity.UpdatedAt, fields, open);
    }

    public async Task<Outcome<HistoryPage>> HistoryAsync(RegistryEntity entity, string? field, string? after, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (!string.IsNullOrEmpty(field) && RegistryFields.Find(entity.Kind, field) == null)
        {
            errors.Add("field", $"{RegistryFields.KindTitle(entity.Kind).Zh}没有字段 {field}");
        }

        if (!Cursor.TryDecodeOptional(after, out var last))
        {
            errors.Add("after", "after 不是本接口给出的游标");
        }

        var size = pageSize ?? 100;
        if (size is < 1 or > MaxHistoryPage)
        {
            errors.Add("pageSize", $"pageSize 应在 1 至 {MaxHistoryPage} 之间");
        }

        if (!errors.IsValid)
        {
            return RegistryText.InvalidQuery(errors);
        }

        var query = db.Statements.AsNoTracking().Where(s => s.EntityId == entity.Id);
        if (!string.IsNullOrEmpty(field))
        {
            query = query.Where(s => s.Field == field);
        }

        if (last is { } id)
        {
            query = query.Where(s => s.Id < id);
        }

        var rows = await query.OrderByDescending(s => s.Id).Take(size + 1)
            .Join(db.Sources, s => s.SourceId, src => src.Id, (s, src) => new { s, src.Key, src.Name }).ToListAsync(ct);
        rows = rows.OrderByDescending(r => r.s.Id).ToList();
        var items = rows.Take(size).Select(r => new HistoryEntry(r.s.Id, r.s.Field, r.s.Value, r.Key, r.Name, r.s.ObservedAt, r.s.ReceivedAt, r.s.RecordId)).ToList();
        return new HistoryPage(items, rows.Count > size ? Cursor.Encode(items[^1].Id) : null);
    }

    /// <summary>Audits a read (or an explicit reveal) of a record: the summary carries the masked code only.</summary>
    public async Task AuditReadAsync(RegistryEntity entity, RegistryActor actor, string action, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var masked = Conflicts.ConflictDesk.Mask(entity.Kind, entity.Code);
        var what = action == "registry.record_revealed" ? "查看了完整证件号码" : "查阅了记录";
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentText, action, "registry_" + entity.Kind,
            entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{RegistryFields.KindTitle(entity.Kind).Zh} {masked}：{what}",
            JsonSerializer.Serialize(new { kind = entity.Kind, masked })), clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
    }
}

/// <summary>The <see cref="IBaseRegistry"/> port: golden fields with their winning source; fields held back by a
/// blocking conflict (no value) are left out.</summary>
public sealed class BaseRegistry(RegistryDbContext db) : IBaseRegistry
{
    public Task<RegistryRecord?> PersonAsync(string citizenIdNumber, CancellationToken ct) =>
        ReadAsync(RegistryRecord.Person, (citizenIdNumber ?? "").Trim().ToUpperInvariant(), ct);

    public Task<RegistryRecord?> LegalPersonAsync(string creditCode, CancellationToken ct) =>
        ReadAsync(RegistryRecord.LegalPerson, (creditCode ?? "").Trim().ToUpperInvariant(), ct);

    private async Task<RegistryRecord?> ReadAsync(string kind, string code, CancellationToken ct)
    {
        var entity = await db.Entities.AsNoTracking().FirstOrDefaultAsync(e => e.Kind == kind && e.Code == code, ct);
        if (entity == null)
        {
            return null;
        }

        var rows = await db.Golden.AsNoTracking().Where(g => g.EntityId == entity.Id && g.Value != null)
            .GroupJoin(db.Sources, g => g.SourceId, s => s.Id, (g, s) => new { g, s })
            .SelectMany(x => x.s.DefaultIfEmpty(), (x, s) => new { x.g.Field, x.g.Value, x.g.AsOf, Key = s != null ? s.Key : null, Name = s != null ? s.Name : null })
            .ToListAsync(ct);
        var facts = rows.ToDictionary(r => r.Field, r => new RegistryFact(r.Field, r.Value!, r.Key ?? "steward", r.Name ?? "数据管理员裁定", r.AsOf ?? entity.UpdatedAt), StringComparer.Ordinal);
        return new RegistryRecord(kind, code, facts);
    }
}
