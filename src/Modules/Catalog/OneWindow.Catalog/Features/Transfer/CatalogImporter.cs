using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Catalog.Features.Search;
using OneWindow.Shared.Audit;

namespace OneWindow.Catalog.Features.Transfer;

/// <summary>
/// Runs an import job: first every row is checked (CSV cells, GuideValidator, department, region, duplicate base codes
/// in the file, clashes with the catalogue), and only if all rows are good are they written, in one transaction —
/// all or nothing. Rows are read twice from the stored text rather than held in memory, so 100,000 rows stay cheap.
/// </summary>
public sealed class CatalogImporter(CatalogDbContext db, TimeProvider clock, ILogger<CatalogImporter> logger)
{
    private const int Chunk = 500;
    private const int MaxStoredErrors = 1000;

    private sealed record Row(int No, ItemGuide Guide, Department Department, string RegionCode);

    /// <summary>Claims the oldest queued job (safe across nodes: only one UPDATE can move it out of "queued") and runs it.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        while (true)
        {
            var id = await db.ImportJobs.AsNoTracking().Where(j => j.Status == ImportJobStatus.Queued).OrderBy(j => j.Id).Select(j => (long?)j.Id).FirstOrDefaultAsync(ct);
            if (id == null)
            {
                return false;
            }

            var now = clock.GetUtcNow();
            var claimed = await db.ImportJobs.Where(j => j.Id == id && j.Status == ImportJobStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Validating).SetProperty(j => j.StartedAt, now), ct);
            if (claimed == 1)
            {
                await RunAsync(id.Value, ct);
                return true;
            }
        }
    }

    public async Task RunAsync(long jobId, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct);
        try
        {
            var context = await LoadContextAsync(ct);
            var errors = new List<ImportError>();
            var valid = await ValidateAsync(job, context, errors, ct);
            if (!valid)
            {
                await FinishAsync(jobId, ImportJobStatus.Failed, 0, errors, "有错误，未导入任何事项", ct);
                return;
            }

            // Marked before the transaction so other nodes see it; the imported count appears with the commit, because
            // until then nothing is imported (all or nothing).
            await db.ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Importing), ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var count = await ImportAsync(job, context, ct);
            await FinishAsync(jobId, ImportJobStatus.Succeeded, count, errors, null, ct);
            // One entry for the job (the rows are in the job's file and each item's history), committed with the import.
            await AuditLog.AppendAsync(db, new AuditRecord(ActorOf(job).Subject, job.ActorDepartmentId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "catalog.items.imported", "catalog.import_job", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"CSV import job {jobId}: {count} items imported", $"{{\"count\":{count}}}"), clock.GetUtcNow(), ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Import job {JobId} failed", jobId);
            db.ChangeTracker.Clear();
            await FinishAsync(jobId, ImportJobStatus.Failed, 0, [], "导入时发生意外错误，未导入任何事项；请联系运维并提供任务编号", CancellationToken.None);
        }
    }

    private sealed record ImportContext(Dictionary<string, Department> ByKey, Dictionary<long, Department> ById, HashSet<string> Regions);

    private async Task<ImportContext> LoadContextAsync(CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().ToListAsync(ct);
        var regions = await db.Regions.AsNoTracking().Select(r => r.Code).ToListAsync(ct);
        return new ImportContext(departments.ToDictionary(d => d.Key, StringComparer.Ordinal), departments.ToDictionary(d => d.Id), regions.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The job runs later on any node, without the submitter's session: the job row keeps what the check
    /// needs (platform admin, or the editor's department).</summary>
    private static CatalogActor ActorOf(ImportJob job)
    {
        // Jobs queued before subjects were recorded name their submitter only.
        var subject = job.ActorSubject.Length > 0 ? job.ActorSubject : job.ActorName;
        return job.ActorIsAdmin
            ? CatalogActor.PlatformAdmin(job.ActorName, subject)
            : CatalogActor.Editor(job.ActorName, subject, job.ActorDepartmentId ?? -1);
    }

    /// <summary>Turns one record into a row to import, reporting every problem it has by column.</summary>
    private static Row? Resolve(ImportJob job, ImportContext context, int no, string[] record, Dictionary<string, int> positions, List<ImportError> errors)
    {
        var before = errors.Count;
        var guide = CatalogCsv.ParseGuide(record, positions, no, errors);
        var actor = ActorOf(job);
        Department? department = null;
        if (job.TargetDepartmentId is { } target)
        {
            department = context.ById.GetValueOrDefault(target);
        }
        else
        {
            var key = CatalogCsv.Cell(record, positions, CatalogCsv.DepartmentColumn);
            if (key.Length == 0 && actor.DepartmentId is { } own && !actor.IsPlatformAdmin)
            {
                department = context.ById.GetValueOrDefault(own);
            }
            else if (!context.ByKey.TryGetValue(key, out department))
            {
                errors.Add(new ImportError(no, CatalogCsv.DepartmentColumn, $"没有代码为「{key}」的部门"));
            }
        }

        if (department != null && !actor.MayEdit(department.Id, department.RegionCode))
        {
            errors.Add(new ImportError(no, CatalogCsv.DepartmentColumn, "只能导入本部门的事项"));
        }

        var region = CatalogCsv.Cell(record, positions, CatalogCsv.RegionColumn);
        if (region.Length == 0 && department != null)
        {
            region = department.RegionCode;
        }

        if (!context.Regions.Contains(region))
        {
            errors.Add(new ImportError(no, CatalogCsv.RegionColumn, $"「{region}」不是有效的6位行政区划代码（GB/T 2260），例如 340100"));
        }

        foreach (var (key, messages) in GuideValidator.Validate(guide).All)
        {
            var column = CatalogCsv.ColumnOf(key);
            foreach (var message in messages)
            {
                errors.Add(new ImportError(no, column, column == key ? message : $"{key}：{message}"));
            }
        }

        return errors.Count == before && department != null ? new Row(no, guide, department, region) : null;
    }

    private async Task<bool> ValidateAsync(ImportJob job, ImportContext context, List<ImportError> errors, CancellationToken ct)
    {
        var positions = new Dictionary<string, int>();
        var inFile = new Dictionary<(long, string), int>();
        var basics = new Dictionary<string, (int Row, string Name, string Type, string Basis)>(StringComparer.Ordinal);
        var chunk = new List<Row>(Chunk);
        var validated = 0;
        foreach (var (no, record, problem) in CsvStructure.Records(job.Payload, errors, p => positions = p))
        {
            validated++;
            if (problem != null)
            {
                errors.Add(new ImportError(no, "", problem));
                continue;
            }

            var row = Resolve(job, context, no, record, positions, errors);
            if (row != null && CheckInFile(row, inFile, basics, errors))
            {
                chunk.Add(row);
            }

            if (chunk.Count == Chunk || validated % Chunk == 0)
            {
                await CheckCatalogueAsync(chunk, errors, ct);
                chunk.Clear();
                await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.ValidatedRows, validated).SetProperty(j => j.ErrorCount, errors.Count), ct);
            }
        }

        await CheckCatalogueAsync(chunk, errors, ct);
        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.ValidatedRows, validated).SetProperty(j => j.ErrorCount, errors.Count), ct);
        return errors.Count == 0;
    }

    /// <summary>A base code twice for one department, or one base code with two different names/types/bases, is refused.</summary>
    private static bool CheckInFile(Row row, Dictionary<(long, string), int> inFile, Dictionary<string, (int Row, string Name, string Type, string Basis)> basics, List<ImportError> errors)
    {
        if (inFile.TryGetValue((row.Department.Id, row.Guide.BaseCode), out var first))
        {
            errors.Add(new ImportError(row.No, "baseCode", $"基本编码 {row.Guide.BaseCode} 在本文件第 {first} 行已为同一部门出现"));
            return false;
        }

        inFile[(row.Department.Id, row.Guide.BaseCode)] = row.No;
        var basis = JsonSerializer.Serialize(row.Guide.LegalBasis, ItemGuide.JsonOptions);
        if (basics.TryGetValue(row.Guide.BaseCode, out var known))
        {
            var column = known.Name != row.Guide.Name ? "name" : known.Type != row.Guide.ItemType ? "itemType" : known.Basis != basis ? "legalBasis" : null;
            if (column != null)
            {
                errors.Add(new ImportError(row.No, column, $"与第 {known.Row} 行基本编码相同，但{column}不同；同一基本编码的名称、类型和设定依据必须一致"));
                return false;
            }
        }
        else
        {
            basics[row.Guide.BaseCode] = (row.No, row.Guide.Name, row.Guide.ItemType, basis);
        }

        return true;
    }

    private async Task CheckCatalogueAsync(List<Row> rows, List<ImportError> errors, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var codes = rows.Select(r => r.Guide.BaseCode).Distinct().ToList();
        var existing = await db.BasicItems.AsNoTracking().Where(b => codes.Contains(b.BaseCode)).ToDictionaryAsync(b => b.BaseCode, ct);
        var implementationCodes = rows.Select(ImplementationCode).ToList();
        var taken = (await db.ServiceItems.AsNoTracking().Where(i => implementationCodes.Contains(i.ImplementationCode)).Select(i => i.ImplementationCode).ToListAsync(ct)).ToHashSet();
        foreach (var row in rows)
        {
            if (existing.TryGetValue(row.Guide.BaseCode, out var basic))
            {
                var column = basic.Name != row.Guide.Name ? "name" : basic.ItemType != row.Guide.ItemType ? "itemType"
                    : basic.LegalBasisJson != JsonSerializer.Serialize(row.Guide.LegalBasis, ItemGuide.JsonOptions) ? "legalBasis" : null;
                if (column != null)
                {
                    errors.Add(new ImportError(row.No, column, $"{column} 与目录清单中基本编码 {basic.BaseCode} 的规定不一致（目录清单名称「{basic.Name}」）"));
                }
            }

            if (taken.Contains(ImplementationCode(row)))
            {
                errors.Add(new ImportError(row.No, "baseCode", $"{row.Department.Name}已有基本编码为 {row.Guide.BaseCode} 的实施清单事项（实施编码 {ImplementationCode(row)}）"));
            }
        }
    }

    private static string ImplementationCode(Row row) => ServiceItem.BuildImplementationCode(row.Department.CreditCode, row.Guide.ExerciseLevel, row.Guide.BaseCode);

    private async Task<int> ImportAsync(ImportJob job, ImportContext context, CancellationToken ct)
    {
        var positions = new Dictionary<string, int>();
        var headerErrors = new List<ImportError>();
        var actor = ActorOf(job);
        var basicIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var chunk = new List<Row>(Chunk);
        var count = 0;
        foreach (var (no, record, _) in CsvStructure.Records(job.Payload, headerErrors, p => positions = p))
        {
            var errors = new List<ImportError>();
            chunk.Add(Resolve(job, context, no, record, positions, errors) ?? throw new InvalidOperationException($"Row {no} was valid when checked and is not now."));
            if (chunk.Count == Chunk)
            {
                count += await WriteAsync(chunk, basicIds, actor, job.Publish, ct);
                chunk.Clear();
            }
        }

        count += await WriteAsync(chunk, basicIds, actor, job.Publish, ct);
        return count;
    }

    private async Task<int> WriteAsync(List<Row> rows, Dictionary<string, long> basicIds, CatalogActor actor, bool publish, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var missing = rows.Select(r => r.Guide.BaseCode).Where(c => !basicIds.ContainsKey(c)).Distinct().ToList();
        foreach (var basic in await db.BasicItems.AsNoTracking().Where(b => missing.Contains(b.BaseCode)).Select(b => new { b.BaseCode, b.Id }).ToListAsync(ct))
        {
            basicIds[basic.BaseCode] = basic.Id;
        }

        var created = new Dictionary<string, BasicItem>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => !basicIds.ContainsKey(r.Guide.BaseCode)).DistinctBy(r => r.Guide.BaseCode))
        {
            created[row.Guide.BaseCode] = db.BasicItems.Add(new BasicItem
            {
                BaseCode = row.Guide.BaseCode, Name = row.Guide.Name, ItemType = row.Guide.ItemType,
                LegalBasisJson = JsonSerializer.Serialize(row.Guide.LegalBasis, ItemGuide.JsonOptions), CreatedAt = now,
            }).Entity;
        }

        await db.SaveChangesAsync(ct);
        foreach (var (code, basic) in created)
        {
            basicIds[code] = basic.Id;
        }

        var items = rows.Select(row => db.ServiceItems.Add(new ServiceItem
        {
            BasicItemId = basicIds[row.Guide.BaseCode],
            ImplementationCode = ImplementationCode(row),
            DepartmentId = row.Department.Id,
            RegionCode = row.RegionCode,
            LatestVersion = 1,
            PublishedVersion = publish ? 1 : null,
            Publication = publish ? PublicationState.Published : PublicationState.NotPublished,
            CreatedAt = now,
            UpdatedAt = now,
        }).Entity).ToList();
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < rows.Count; i++)
        {
            var version = CatalogEditor.NewVersion(items[i].Id, 1, rows[i].Guide, actor, now);
            version.ChangeNote = "CSV 导入";
            db.ItemEvents.Add(CatalogEditor.Event(items[i].Id, 1, "imported", actor, null, now));
            if (publish)
            {
                version.State = VersionState.Published;
                version.PublishedAt = now;
                db.ItemEvents.Add(CatalogEditor.Event(items[i].Id, 1, "published", actor, "CSV 导入即发布", now));
                db.SearchEntries.Add(SearchIndexer.Build(items[i], 1, rows[i].Guide, rows[i].Department));
            }

            db.ItemVersions.Add(version);
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    private async Task FinishAsync(long jobId, string status, int imported, List<ImportError> errors, string? message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var json = JsonSerializer.Serialize(errors.Take(MaxStoredErrors), ItemGuide.JsonOptions);
        // The uploaded text is dropped once the job is over: the catalogue (or the error list) is what remains.
        await db.ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status).SetProperty(j => j.ImportedRows, imported).SetProperty(j => j.ErrorCount, errors.Count)
            .SetProperty(j => j.ErrorsJson, json).SetProperty(j => j.Message, message).SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Payload, ""), ct);
    }
}
