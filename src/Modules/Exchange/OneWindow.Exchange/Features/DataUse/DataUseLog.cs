using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Log;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Http;
using OneWindow.Shared.Identity;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.DataUse;

/// <summary>One read of a citizen's data as they see it (数据使用记录): who read which items, when, why, under which grant;
/// and their objection to it, if any.</summary>
public sealed record DataUseRead(
    long LogId,
    DateTimeOffset At,
    long ConsumerDepartmentId,
    string ConsumerDepartment,
    long ProviderDepartmentId,
    string ProviderDepartment,
    string ResourceCode,
    string ResourceName,
    IReadOnlyList<string> Items,
    string? Purpose,
    string? CaseNumber,
    string? LegalBasis,
    long? GrantId,
    DataUseObjectionView? Objection);

public sealed record DataUseObjectionView(long Id, string Reason, string Status, DateOnly DueOn, DateTimeOffset CreatedAt, string? Answer, DateTimeOffset? AnsweredAt);

public sealed record DataUsePage(IReadOnlyList<DataUseRead> Reads, long? NextBefore);

/// <summary>
/// The citizen's data-use log (Estonia's data tracker is the model): every exchange read that touched the signed-in
/// citizen's ID number, found through the blind index, with department, item and resource names; and objections to a
/// read, which go to the provider department and the supervisors of its region with a deadline, and whose answer comes
/// back here.
/// </summary>
public sealed class DataUseLog(
    ExchangeDbContext db,
    IExchangeLogReader reader,
    SubjectIndex index,
    IApplicantDirectory applicants,
    IOrganisationDirectory organisation,
    IDataResourceCatalog catalog,
    IWorkingCalendar calendar,
    TimeProvider clock)
{
    public const int ObjectionWorkingDays = 10;
    public const int MaxReason = 1000;

    public async Task<Outcome<DataUsePage>> ReadsAsync(PlatformPrincipal citizen, long? before, int pageSize, CancellationToken ct)
    {
        var profile = await ProfileAsync(citizen, ct);
        if (profile == null)
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.citizens_only");
        }

        var calls = await reader.ForSubjectsAsync([index.Of(profile.Code)], before, pageSize + 1, ct);
        var shown = calls.Take(pageSize).ToList();
        var objections = await db.Objections.AsNoTracking()
            .Where(o => o.CitizenSubject == citizen.Subject && shown.Select(c => c.Id).Contains(o.LogEntryId))
            .ToDictionaryAsync(o => o.LogEntryId, ct);
        var departments = (await organisation.DepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var resources = await catalog.PublishedAsync(shown.Select(c => c.Entry.ResourceCode).Distinct().ToList(), ct);
        var reads = shown.Select(c => View(c, departments, resources, objections.GetValueOrDefault(c.Id))).ToList();
        return new DataUsePage(reads, calls.Count > pageSize ? shown[^1].Id : null);
    }

    public async Task<Outcome<DataUseObjection>> ObjectAsync(PlatformPrincipal citizen, long logId, string? reason, CancellationToken ct)
    {
        var profile = await ProfileAsync(citizen, ct);
        if (profile == null)
        {
            return ExchangeText.Fail(FailureKind.Forbidden, "exchange.citizens_only");
        }

        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReason)
        {
            return ExchangeText.Invalid("reason", string.IsNullOrEmpty(text) ? "exchange.required" : "exchange.too_long", MaxReason);
        }

        // Only a read of this citizen's own data: anything else is not acknowledged.
        var call = await reader.FindAsync(logId, ct);
        if (call == null || call.Entry.Outcome != ExchangeLogEntry.Ok || !call.Entry.SubjectIndexes.Contains(index.Of(profile.Code)))
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.read_not_found");
        }

        if (await db.Objections.AnyAsync(o => o.LogEntryId == logId && o.CitizenSubject == citizen.Subject, ct))
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.already_objected");
        }

        var now = clock.GetUtcNow();
        var days = await calendar.CurrentAsync(ct);
        var objection = new DataUseObjection
        {
            LogEntryId = logId,
            CitizenSubject = citizen.Subject,
            ProviderDepartmentId = call.Entry.ProviderDepartmentId,
            ConsumerDepartmentId = call.Entry.ConsumerDepartmentId,
            ResourceCode = call.Entry.ResourceCode,
            Reason = text,
            CreatedAt = now,
            DueOn = days.AddWorkingDays(ChinaTime.Today(clock), ObjectionWorkingDays),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Objections.Add(objection);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.already_objected");
        }

        await AuditLog.AppendAsync(db, new AuditRecord(citizen.Subject, null, "exchange.objection.raised", "data_use_objection", Id(objection),
            $"Objection to exchange read {logId} of {objection.ResourceCode} by department {objection.ConsumerDepartmentId}"), now, ct);
        await OneWindow.Shared.Events.EventOutbox.AppendAsync(db, new OneWindow.Shared.Events.OutboxEvent(Guid.NewGuid(), "exchange.objection.raised",
            objection.ProviderDepartmentId, "data_use_objection:" + Id(objection),
            new { objectionId = objection.Id, logId, objection.ResourceCode, dueOn = objection.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), now, ct);
        await tx.CommitAsync(ct);
        return objection;
    }

    /// <summary>Objections a staff member must answer or oversee: the provider department's administrators, and the
    /// supervisors and data administrators whose region reaches the provider; newest first.</summary>
    public async Task<IReadOnlyList<DataUseObjection>> ObjectionsForAsync(PlatformPrincipal staff, long? before, int pageSize, CancellationToken ct)
    {
        var reachable = await ReachableProvidersAsync(staff, ct);
        var query = db.Objections.AsNoTracking().Where(o => reachable.Contains(o.ProviderDepartmentId));
        if (before is { } id)
        {
            query = query.Where(o => o.Id < id);
        }

        return await query.OrderByDescending(o => o.Id).Take(pageSize).ToListAsync(ct);
    }

    public async Task<Outcome<DataUseObjection>> AnswerAsync(PlatformPrincipal staff, long id, string? answer, CancellationToken ct)
    {
        var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == id, ct);
        var provider = objection == null ? null : await organisation.DepartmentAsync(objection.ProviderDepartmentId, ct);
        if (objection == null || provider == null || !CanAnswer(staff, provider))
        {
            return ExchangeText.Fail(FailureKind.NotFound, "exchange.objection_not_found");
        }

        var text = answer?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReason)
        {
            return ExchangeText.Invalid("answer", string.IsNullOrEmpty(text) ? "exchange.required" : "exchange.too_long", MaxReason);
        }

        if (objection.Status != ObjectionStatus.Open)
        {
            return ExchangeText.Fail(FailureKind.Conflict, "exchange.objection_answered");
        }

        var now = clock.GetUtcNow();
        objection.Status = ObjectionStatus.Answered;
        objection.Answer = text;
        objection.AnsweredBy = staff.Subject;
        objection.AnsweredAt = now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await AuditLog.AppendAsync(db, new AuditRecord(staff.Subject, staff.DepartmentId?.ToString(CultureInfo.InvariantCulture), "exchange.objection.answered",
            "data_use_objection", Id(objection), $"Objection {objection.Id} to exchange read {objection.LogEntryId} answered"), now, ct);
        await tx.CommitAsync(ct);
        return objection;
    }

    internal static bool CanAnswer(PlatformPrincipal staff, OrgDepartment provider) =>
        staff.IsStaff && (staff.Scope.Reaches(StaffRoles.DepartmentAdmin, provider.Id, provider.RegionCode)
            || staff.Scope.Reaches(StaffRoles.Supervisor, provider.Id, provider.RegionCode)
            || staff.Scope.Reaches(StaffRoles.DataAdmin, provider.Id, provider.RegionCode));

    private async Task<List<long>> ReachableProvidersAsync(PlatformPrincipal staff, CancellationToken ct) =>
        (await organisation.DepartmentsAsync(ct)).Where(d => CanAnswer(staff, d)).Select(d => d.Id).ToList();

    private async Task<ApplicantProfile?> ProfileAsync(PlatformPrincipal caller, CancellationToken ct) =>
        caller.IsCitizen ? await applicants.ProfileAsync(caller.Subject, ct) : null;

    private static DataUseRead View(LoggedCall call, Dictionary<long, OrgDepartment> departments, IReadOnlyDictionary<string, SharedResource> resources, DataUseObjection? objection)
    {
        var e = call.Entry;
        resources.TryGetValue(e.ResourceCode, out var resource);
        return new DataUseRead(call.Id, e.At, e.ConsumerDepartmentId, departments.GetValueOrDefault(e.ConsumerDepartmentId)?.Name ?? "—",
            e.ProviderDepartmentId, departments.GetValueOrDefault(e.ProviderDepartmentId)?.Name ?? "—", e.ResourceCode, resource?.Name ?? e.ResourceCode,
            e.Items.Select(i => resource?.Item(i)?.Name ?? i).ToList(), e.Purpose, e.CaseNumber, e.LegalBasis, e.GrantId,
            objection == null ? null : new DataUseObjectionView(objection.Id, objection.Reason, objection.Status, objection.DueOn, objection.CreatedAt, objection.Answer, objection.AnsweredAt));
    }

    private static string Id(DataUseObjection objection) => objection.Id.ToString(CultureInfo.InvariantCulture);
}
