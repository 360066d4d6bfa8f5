using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Editing;
using OneWindow.Shared.Startup;

namespace OneWindow.Catalog.Features.Transfer;

public sealed record ImportRequest(string FileName, string Text, long? TargetDepartmentId, bool Publish);

public sealed record ImportJobView(
    long Id, string Status, bool Running, string FileName, bool Publish, string ActorName, long? ActorDepartmentId, int TotalRows,
    int ValidatedRows, int ImportedRows, int ErrorCount, IReadOnlyList<ImportError> Errors, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>What starting an import came to: a queued job, errors in the file's structure, or a refusal.</summary>
public sealed record ImportStart(long JobId, IReadOnlyList<ImportError> Errors, string? Forbidden)
{
    public bool Started => JobId > 0;
}

/// <summary>Starts import jobs (checking the file's structure and the user's rights at once) and reads their state.</summary>
public sealed class ImportJobs(CatalogDbContext db, TimeProvider clock, ImportSignal signal)
{
    /// <summary>Decodes an upload: UTF-8 (with or without BOM), at most 20 MB.</summary>
    public static async Task<string?> ReadTextAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > CatalogCsv.MaxBytes)
            {
                return null;
            }
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    public async Task<ImportStart> StartAsync(ImportRequest request, CatalogActor actor, CancellationToken ct)
    {
        if (!actor.CanEdit)
        {
            return new ImportStart(0, [], "只有事项编辑人员和平台管理员可以导入");
        }

        if (request.Publish && !actor.IsPlatformAdmin)
        {
            return new ImportStart(0, [], "只有平台管理员可以导入为已发布");
        }

        // Without a target the rows' departmentKey decides; an editor's rows must then name their own department (or none).
        var target = request.TargetDepartmentId;
        var targetRegion = target is { } id ? await db.Departments.Where(d => d.Id == id).Select(d => d.RegionCode).FirstOrDefaultAsync(ct) : null;
        if (target is { } targetId && (targetRegion == null || !actor.MayEdit(targetId, targetRegion)))
        {
            return new ImportStart(0, [], "只能导入到本部门");
        }

        var structure = CsvStructure.Check(request.Text);
        if (!structure.IsValid)
        {
            return new ImportStart(0, structure.Errors, null);
        }

        if (structure.Rows == 0)
        {
            return new ImportStart(0, [new ImportError(2, "", "文件没有数据行")], null);
        }

        var job = db.ImportJobs.Add(new ImportJob
        {
            ActorName = actor.Name, ActorSubject = actor.Subject, ActorDepartmentId = actor.DepartmentId, ActorIsAdmin = actor.IsPlatformAdmin, TargetDepartmentId = target,
            Publish = request.Publish, FileName = request.FileName.Length > 200 ? request.FileName[..200] : request.FileName,
            Payload = request.Text, TotalRows = structure.Rows, CreatedAt = clock.GetUtcNow(),
        }).Entity;
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return new ImportStart(job.Id, [], null);
    }

    /// <summary>A job as its owner sees it: editors their department's jobs, reviewers the jobs of departments in their
    /// division and below, admins all.</summary>
    public async Task<ImportJobView?> GetAsync(long id, CatalogActor actor, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new
            {
                j.Id, j.Status, j.FileName, j.Publish, j.ActorName, j.ActorDepartmentId, j.TargetDepartmentId, j.TotalRows, j.ValidatedRows,
                j.ImportedRows, j.ErrorCount, j.ErrorsJson, j.Message, j.CreatedAt, j.StartedAt, j.FinishedAt,
            })
            .FirstOrDefaultAsync(ct);
        if (job == null)
        {
            return null;
        }

        var departments = new[] { job.ActorDepartmentId, job.TargetDepartmentId }.OfType<long>().ToList();
        var reached = await db.Departments.AsNoTracking().Where(d => departments.Contains(d.Id)).Select(d => new { d.Id, d.RegionCode }).ToListAsync(ct);
        if (!actor.IsPlatformAdmin && !reached.Any(d => actor.MayView(d.Id, d.RegionCode)))
        {
            return null;
        }

        var errors = JsonSerializer.Deserialize<List<ImportError>>(job.ErrorsJson, ItemGuide.JsonOptions) ?? [];
        var running = job.Status is ImportJobStatus.Queued or ImportJobStatus.Validating or ImportJobStatus.Importing;
        return new ImportJobView(job.Id, job.Status, running, job.FileName, job.Publish, job.ActorName, job.ActorDepartmentId, job.TotalRows,
            job.ValidatedRows, job.ImportedRows, job.ErrorCount, errors, job.Message, job.CreatedAt, job.StartedAt, job.FinishedAt);
    }
}

/// <summary>Wakes this node's worker when a job is queued here; other nodes find it on their next poll.</summary>
public sealed class ImportSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Poll interval passed: look for jobs queued on other nodes.
        }
    }
}

/// <summary>Runs queued import jobs one at a time on every node, after start-up (migrations) has finished: at once
/// when this node queued one (<see cref="ImportSignal"/>), otherwise every 2 s for jobs queued on other nodes.</summary>
public sealed class ImportJobWorker(IServiceScopeFactory scopes, IServiceProvider services, StartupGate gate, ImportSignal signal, ILogger<ImportJobWorker> logger)
    : PeriodicWorker(services, gate, logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    protected override TimeSpan Interval => PollInterval;

    protected override bool RunsAtStart => true;

    protected override string FailureMessage => "Import worker poll failed; retrying";

    protected override LogLevel FailureLevel => LogLevel.Error;

    protected override async Task<bool> WaitForNextAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(PollInterval, ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !ct.IsCancellationRequested;
    }

    /// <summary>Every queued job, each in a scope of its own.</summary>
    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        bool ran;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            ran = await scope.ServiceProvider.GetRequiredService<CatalogImporter>().RunNextAsync(ct);
        }
        while (ran && !ct.IsCancellationRequested);
    }
}
