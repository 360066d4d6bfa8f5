using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Calendar;

namespace OneWindow.Cases.Features.Queries;

public sealed class CaseSettings
{
    /// <summary>黄牌: working days left at which a case turns yellow.</summary>
    public int WarnDays { get; set; } = 3;
}

/// <summary>Read side: progress, case details for the owner and for staff, inboxes. No tracking; one query per list.</summary>
public sealed class CaseQueries(CasesDbContext db, IWorkingCalendar calendar, CaseSettings settings, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>By number and query code. Unknown number and wrong code give the same null, so numbers cannot be probed.</summary>
    public async Task<ProgressView?> ProgressAsync(string? number, string? code, bool english, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > 32 || string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        // Only the columns the progress view shows: not the frozen form, process and materials JSON of the row.
        var key = number.Trim();
        var c = await db.Cases.AsNoTracking().Where(x => x.Number == key)
            .Select(x => new Case
            {
                Id = x.Id, Number = x.Number, QueryCode = x.QueryCode, Status = x.Status, ItemName = x.ItemName, DepartmentName = x.DepartmentName,
                SubmittedAt = x.SubmittedAt, DueOn = x.DueOn, PausedSince = x.PausedSince,
            })
            .FirstOrDefaultAsync(ct);
        if (c == null || !CaseNumbers.CodeMatches(c.QueryCode, code))
        {
            return null;
        }

        return await ProgressOfAsync(c, english, withNotes: false, ct);
    }

    public async Task<ProgressView> ProgressOfAsync(Case c, bool english, bool withNotes, CancellationToken ct)
    {
        var history = await db.History.AsNoTracking().Where(h => h.CaseId == c.Id && h.Public).OrderBy(h => h.Id).ToListAsync(ct);
        var steps = history.Select(h => new ProgressStep(h.At, h.Action, ActionLabels.Label(h.Action, english) + (h.Action == "step_started" && h.Note != null ? $"：{h.Note}" : ""),
            h.Status, h.Office, withNotes || h.Action == "step_started" ? h.Note : null)).ToList();
        return new ProgressView(c.Number!, c.Status, CaseStatus.Label(c.Status, english), c.ItemName, c.DepartmentName, c.SubmittedAt, c.DueOn, c.PausedSince != null, Awaiting(c, english), steps);
    }

    public static string? Awaiting(Case c, bool english) => c.Status switch
    {
        CaseStatus.Submitted or CaseStatus.CorrectionEnded => english ? "Waiting for the acceptance desk." : "等待窗口受理。",
        CaseStatus.CorrectionStarted => english ? "Waiting for your corrections: see the correction notice." : "等待您补正材料，请查看补正通知。",
        CaseStatus.InProcess or CaseStatus.Accepted or CaseStatus.SpecialEnded => english ? "The departments are handling the case." : "部门正在办理。",
        CaseStatus.SpecialStarted => english ? "In a special procedure; the time does not count." : "特别程序中，所需时间不计入时限。",
        _ => null,
    };

    public async Task<CaseDetail> DetailAsync(Case c, bool staffView, CancellationToken ct)
    {
        var materials = await db.Materials.AsNoTracking().Where(m => m.CaseId == c.Id).OrderBy(m => m.MaterialIndex).ThenBy(m => m.Id).ToListAsync(ct);
        var tasks = staffView ? await db.Tasks.AsNoTracking().Where(t => t.CaseId == c.Id).OrderBy(t => t.Id).ToListAsync(ct) : [];
        var history = await db.History.AsNoTracking().Where(h => h.CaseId == c.Id && (staffView || h.Public)).OrderBy(h => h.Id).ToListAsync(ct);
        var notices = await db.Notices.AsNoTracking().Where(n => n.CaseId == c.Id).OrderBy(n => n.Id).ToListAsync(ct);
        var proofs = await db.Proofs.AsNoTracking().Where(p => p.CaseId == c.Id).OrderBy(p => p.MaterialIndex).ThenBy(p => p.Id).ToListAsync(ct);
        if (!staffView)
        {
            // The later check of a commitment is the department's until it acts on it (refusal or revocation).
            proofs.ForEach(p => (p.CheckResult, p.CheckNote, p.CheckedAt, p.CheckedBy) = (null, null, null, null));
        }

        return new CaseDetail(c, materials, tasks, history, notices, proofs);
    }

    /// <summary>True when one of the case's tasks (any state) is work the actor may do: a department joining a
    /// parallel step reads the case it is asked about.</summary>
    public async Task<bool> InvolvesDepartmentAsync(long caseId, CaseActor actor, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.CaseId == caseId).Select(t => new { t.Role, t.DepartmentId, t.RegionCode }).Distinct().ToListAsync(ct);
        return tasks.Any(t => actor.MayAct(t.Role, t.DepartmentId, t.RegionCode) || actor.MayRead(t.DepartmentId, t.RegionCode));
    }

    public Task<Case?> FindAsync(long id, CancellationToken ct) => db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    public Task<Case?> FindByNumberAsync(string number, CancellationToken ct) => db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Number == number, ct);

    /// <summary>The applicant's cases and drafts, newest first (keyset: ids below <paramref name="beforeId"/>).</summary>
    public async Task<IReadOnlyList<CaseSummary>> MineAsync(string applicantSubject, long? beforeId, CancellationToken ct) =>
        await db.Cases.AsNoTracking()
            .Where(c => c.ApplicantSubject == applicantSubject && (beforeId == null || c.Id < beforeId))
            .OrderByDescending(c => c.Id).Take(PageSize)
            .Select(c => new CaseSummary(c.Id, c.Number, c.ItemName, c.Status, c.CreatedAt, c.SubmittedAt, c.DueOn, c.ClosedAt))
            .ToListAsync(ct);

    /// <summary>Open tasks of a department, oldest first (keyset after <paramref name="afterId"/>). Filters: only mine,
    /// only unclaimed, only yellow/red.</summary>
    public async Task<IReadOnlyList<InboxRow>> InboxAsync(long departmentId, string? assignee, bool unclaimedOnly, bool warningsOnly, long? afterId, CancellationToken ct)
    {
        var days = await calendar.CurrentAsync(ct);
        var today = ChinaTime.Today(clock);
        var warnFrom = days.AddWorkingDays(today, settings.WarnDays);
        var query =
            from t in db.Tasks.AsNoTracking()
            where t.DepartmentId == departmentId && t.State == TaskStates.Open && (afterId == null || t.Id > afterId)
            join c in db.Cases.AsNoTracking() on t.CaseId equals c.Id
            select new { t, c };
        if (assignee != null)
        {
            query = query.Where(x => x.t.AssigneeSubject == assignee);
        }

        if (unclaimedOnly)
        {
            query = query.Where(x => x.t.AssigneeSubject == null);
        }

        if (warningsOnly)
        {
            query = query.Where(x => x.c.DueOn != null && x.c.DueOn <= warnFrom);
        }

        var rows = await query.OrderBy(x => x.t.Id).Take(PageSize)
            .Select(x => new { x.t.Id, x.t.CaseId, x.c.Number, x.c.ItemName, x.c.ApplicantName, x.t.StepName, x.t.StepKind, x.t.Role, x.t.DepartmentId, x.t.AssigneeSubject, x.t.AssigneeName, x.c.Status, x.c.DueOn, x.t.CreatedAt })
            .ToListAsync(ct);
        return rows.Select(r => new InboxRow(r.Id, r.CaseId, r.Number!, r.ItemName, r.ApplicantName, r.StepName, r.StepKind, r.Role, r.DepartmentId, r.AssigneeSubject, r.AssigneeName,
            r.Status, r.DueOn, CaseClock.Level(r.DueOn, today, days, settings.WarnDays), CaseClock.Remaining(r.DueOn, today, days), r.CreatedAt)).ToList();
    }

    /// <summary>Cases at the acceptance desk of a department (submitted or corrected), oldest first.</summary>
    public async Task<IReadOnlyList<DeskRow>> DeskAsync(long departmentId, long? afterId, CancellationToken ct)
    {
        var days = await calendar.CurrentAsync(ct);
        var today = ChinaTime.Today(clock);
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.DepartmentId == departmentId && (c.Status == CaseStatus.Submitted || c.Status == CaseStatus.CorrectionEnded) && (afterId == null || c.Id > afterId))
            .OrderBy(c => c.Id).Take(PageSize)
            .Select(c => new { c.Id, c.Number, c.ItemName, c.ApplicantName, c.Status, c.SubmittedAt, c.AcceptanceDueOn, c.Revision })
            .ToListAsync(ct);
        return rows.Select(r => new DeskRow(r.Id, r.Number!, r.ItemName, r.ApplicantName, r.Status, r.SubmittedAt!.Value, r.AcceptanceDueOn,
            CaseClock.Level(r.AcceptanceDueOn, today, days, 1), r.Revision)).ToList();
    }

    public async Task<IReadOnlyList<NotificationRow>> NotificationsAsync(string recipient, long? beforeId, CancellationToken ct) =>
        await db.Notifications.AsNoTracking().Where(n => n.RecipientSubject == recipient && (beforeId == null || n.Id < beforeId))
            .OrderByDescending(n => n.Id).Take(PageSize)
            .Select(n => new NotificationRow(n.Id, n.CaseId, n.CaseNumber, n.Text, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);

    public Task<int> UnreadCountAsync(string recipient, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.RecipientSubject == recipient && n.ReadAt == null, ct);

    public async Task MarkReadAsync(string recipient, CancellationToken ct) =>
        await db.Notifications.Where(n => n.RecipientSubject == recipient && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
}
