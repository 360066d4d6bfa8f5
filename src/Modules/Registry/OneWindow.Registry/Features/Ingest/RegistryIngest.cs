using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Data;
using OneWindow.Registry.Domain;
using OneWindow.Registry.Features.Golden;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Data;
using OneWindow.Shared.Http;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;

namespace OneWindow.Registry.Features.Ingest;

/// <summary>One submitted record: the code (citizen ID number or USCC), when the source observed it (ISO 8601 with
/// offset) and the field values (strings; registeredCapital may be a number).</summary>
public sealed record SubmittedRecord(string? Code, string? ObservedAt, Dictionary<string, JsonElement>? Fields);

public sealed record SubmitRecordsRequest(IReadOnlyList<SubmittedRecord?>? Records);

public sealed record IngestSummary(string Source, int Accepted, int Entities, int ConflictsOpened, int ConflictsCleared);

/// <summary>
/// Takes a batch of source records (≤ 500): validates every field of every record first (nothing is stored when
/// any is invalid, and the refusal is counted for the quality report), then in one transaction keeps each record and
/// its field statements, moves the source's current claims forward, recomputes the golden records of the codes in
/// the batch and audits the batch. Existing state for all codes is loaded at once.
/// </summary>
public sealed class RegistryIngest(RegistryDbContext db, GoldenBuilder builder, IOrganisationDirectory organisation, TimeProvider clock)
{
    public const int MaxBatch = 500;

    /// <summary>Clock skew allowed on observedAt.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private sealed record ValidRecord(int Index, string Code, DateTimeOffset ObservedAt, Dictionary<string, string> Fields);

    public async Task<Outcome<IngestSummary>> SubmitAsync(string sourceKey, IReadOnlyList<SubmittedRecord?>? records, RegistryActor actor, CancellationToken ct, int maxBatch = MaxBatch)
    {
        var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Key == sourceKey, ct);
        if (source == null)
        {
            return RegistryText.Fail(FailureKind.NotFound, "registry.source_not_found", sourceKey);
        }

        if (!actor.MayFeed(source))
        {
            return RegistryText.Fail(FailureKind.Forbidden, "registry.feed_forbidden");
        }

        if (!source.Active)
        {
            return RegistryText.Fail(FailureKind.Conflict, "registry.source_inactive", sourceKey);
        }

        var now = clock.GetUtcNow();
        var (valid, errors, invalidRecords) = await ValidateAsync(source, records, now, maxBatch, ct);
        if (!errors.IsValid)
        {
            if (records != null && records.Count > 0 && records.Count <= maxBatch)
            {
                db.Rejections.Add(new RejectedSubmission { SourceId = source.Id, Records = records.Count, InvalidRecords = invalidRecords, SentBy = actor.Subject, RejectedAt = now });
                await db.SaveChangesAsync(ct);
            }

            return new Failure(FailureKind.Invalid, "registry.batch_invalid", RegistryText.T("registry.invalid"), RegistryText.T("registry.batch_invalid", invalidRecords, records?.Count ?? 0), errors.ToDictionary());
        }

        try
        {
            return await StoreAsync(source, valid, actor, now, ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another batch created the same entity or claim at the same moment: start again from what it stored.
            db.ChangeTracker.Clear();
            return await StoreAsync(source, valid, actor, now, ct);
        }
    }

    private async Task<Outcome<IngestSummary>> StoreAsync(RegistrySource source, List<ValidRecord> valid, RegistryActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var codes = valid.Select(r => r.Code).Distinct().ToList();
        var entities = await db.Entities.Where(e => e.Kind == source.Kind && codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, ct);
        foreach (var code in codes.Where(c => !entities.ContainsKey(c)))
        {
            var entity = new RegistryEntity { Kind = source.Kind, Code = code, CreatedAt = now, UpdatedAt = now };
            db.Entities.Add(entity);
            entities[code] = entity;
        }

        var kept = valid.OrderBy(r => r.ObservedAt).Select(r => (Valid: r, Record: new SourceRecord
        {
            SourceId = source.Id, EntityId = 0, FieldsJson = JsonSerializer.Serialize(r.Fields, GoldenBuilder.Json),
            ObservedAt = r.ObservedAt, ReceivedAt = now, SentBy = actor.Subject,
        })).ToList();
        await db.SaveChangesAsync(ct);
        foreach (var (record, row) in kept)
        {
            row.EntityId = entities[record.Code].Id;
            db.Records.Add(row);
        }

        await db.SaveChangesAsync(ct);
        var ids = entities.Values.Select(e => e.Id).ToList();
        var claims = await db.Claims.Where(c => c.SourceId == source.Id && ids.Contains(c.EntityId)).ToDictionaryAsync(c => (c.EntityId, c.Field), ct);
        foreach (var (record, row) in kept)
        {
            foreach (var (field, value) in record.Fields)
            {
                db.Statements.Add(new FieldStatement
                {
                    EntityId = row.EntityId, Field = field, SourceId = source.Id, RecordId = row.Id, Value = value, ObservedAt = record.ObservedAt, ReceivedAt = now,
                });
                if (!claims.TryGetValue((row.EntityId, field), out var claim))
                {
                    claim = new CurrentClaim { EntityId = row.EntityId, Field = field, SourceId = source.Id };
                    db.Claims.Add(claim);
                    claims[(row.EntityId, field)] = claim;
                }
                else if (claim.ObservedAt > record.ObservedAt)
                {
                    continue; // an older observation delivered late: history only
                }

                claim.Value = value;
                claim.ObservedAt = record.ObservedAt;
                claim.ReceivedAt = now;
            }
        }

        await db.SaveChangesAsync(ct);
        var changes = await builder.RecomputeAsync(ids, now, ct);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentText, "registry.records_ingested", "registry_source", source.Key,
            $"数据来源 {source.Key} 报送 {kept.Count} 条记录（{ids.Count} 个主体），新增冲突 {changes.Opened} 个",
            JsonSerializer.Serialize(new { records = kept.Count, entities = ids.Count, conflictsOpened = changes.Opened, conflictsCleared = changes.Cleared })), now, ct);
        await transaction.CommitAsync(ct);
        return new IngestSummary(source.Key, kept.Count, ids.Count, changes.Opened, changes.Cleared);
    }

    private async Task<(List<ValidRecord> Valid, ValidationErrors Errors, int InvalidRecords)> ValidateAsync(
        RegistrySource source, IReadOnlyList<SubmittedRecord?>? records, DateTimeOffset now, int maxBatch, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var valid = new List<ValidRecord>();
        if (records == null || records.Count == 0)
        {
            errors.Add("records", "请至少提交一条记录");
            return (valid, errors, 0);
        }

        if (records.Count > maxBatch)
        {
            errors.Add("records", $"每批最多 {maxBatch} 条记录，本批 {records.Count} 条");
            return (valid, errors, records.Count);
        }

        var today = ChinaTime.Today(clock);
        var allowed = source.FieldList.ToHashSet(StringComparer.Ordinal);
        var regions = new List<(int Index, string Field, string Code)>();
        var invalid = new HashSet<int>();
        for (var i = 0; i < records.Count; i++)
        {
            var prefix = $"records[{i}]";
            var record = records[i];
            if (record == null)
            {
                errors.Add(prefix, "记录不能为空");
                invalid.Add(i);
                continue;
            }

            var before = errors.Count;
            var (code, codeError) = RegistryFields.CheckCode(source.Kind, record.Code, today);
            if (codeError != null)
            {
                errors.Add(prefix + ".code", codeError);
            }

            if (!DateTimeOffset.TryParse(record.ObservedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var observed)
                || record.ObservedAt!.Length < 20)
            {
                errors.Add(prefix + ".observedAt", "observedAt 应为带时区的时间，例如 2026-05-01T09:30:00+08:00");
            }
            else if (observed > now + Skew)
            {
                errors.Add(prefix + ".observedAt", "observedAt 不能晚于当前时间");
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (record.Fields == null || record.Fields.Count == 0)
            {
                errors.Add(prefix + ".fields", "请至少提供一个字段");
            }
            else
            {
                foreach (var (key, element) in record.Fields)
                {
                    var name = $"{prefix}.fields.{key}";
                    var definition = RegistryFields.Find(source.Kind, key);
                    if (definition == null)
                    {
                        errors.Add(name, $"{RegistryFields.KindTitle(source.Kind).Zh}没有字段 {key}");
                        continue;
                    }

                    if (!allowed.Contains(key))
                    {
                        errors.Add(name, $"数据来源 {source.Key} 不提供字段 {key}");
                        continue;
                    }

                    var raw = element.ValueKind switch
                    {
                        JsonValueKind.String => element.GetString(),
                        JsonValueKind.Number when definition.Format == FieldFormat.Decimal => element.GetRawText(),
                        _ => null,
                    };
                    var (value, error) = RegistryFields.CheckValue(definition, raw, today);
                    if (error != null)
                    {
                        errors.Add(name, element.ValueKind is JsonValueKind.String or JsonValueKind.Null || definition.Format == FieldFormat.Decimal ? error : $"{definition.Zh}应为字符串");
                        continue;
                    }

                    fields[key] = value!;
                    if (definition.Format == FieldFormat.Region)
                    {
                        regions.Add((i, key, value!));
                    }
                }

                if (fields.TryGetValue("birthDate", out var birth) && fields.TryGetValue("deathDate", out var death) && string.CompareOrdinal(death, birth) < 0)
                {
                    errors.Add(prefix + ".fields.deathDate", "死亡日期不能早于出生日期");
                }
            }

            if (errors.Count > before)
            {
                invalid.Add(i);
            }
            else
            {
                valid.Add(new ValidRecord(i, code!, observed.ToUniversalTime(), fields));
            }
        }

        // Division codes against the current GB/T 2260 list: one look-up per distinct code.
        foreach (var group in regions.GroupBy(r => r.Code))
        {
            if (!await organisation.IsCurrentRegionAsync(group.Key, ct))
            {
                foreach (var (index, field, _) in group)
                {
                    errors.Add($"records[{index}].fields.{field}", $"行政区划代码 {group.Key} 不是现行有效的区划（GB/T 2260）");
                    invalid.Add(index);
                }
            }
        }

        return (valid, errors, invalid.Count);
    }
}
