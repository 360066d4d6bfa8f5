using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Messaging;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Handling;

/// <summary>
/// The departments' side: the unified acceptance desk (统一受理: accept, refuse, ask for corrections all at once), the
/// steps of the item's process with parallel approval (并联审批), send-back, decision, special procedures, extension
/// and delivery. Each action checks the actor's scope against the case or task, the case's state and its revision,
/// and records history, audit and an outbox event in one transaction.
/// </summary>
public sealed partial class CaseHandling(CasesDbContext db, IWorkingCalendar calendar, IOrganisationDirectory organisation, IApplicantMessenger messenger, TimeProvider clock,
    ResultLicences results)
{
    /// <summary>Set when this action closes a case with approval: its result licence is issued in the same transaction.</summary>
    private bool closingApproved;

    public const string DefaultRemedy = "如不服本决定，可以自收到本决定之日起六十日内依法申请行政复议，或者六个月内依法向人民法院提起行政诉讼。";

    // ---- acceptance desk (受理) ----

    public async Task<CaseResult<Case>> AcceptAsync(CaseActor actor, long id, long revision, CancellationToken ct)
    {
        var (c, problem) = await DeskCaseAsync(actor, id, revision, ct);
        if (c == null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var days = await calendar.CurrentAsync(ct);
        // Art. 32: past the 5-day window the case counts as accepted from the day it was received.
        var acceptedOn = today > c.AcceptanceDueOn ? ChinaDate(c.SubmittedAt!.Value) : today;
        CaseClock.Start(c, acceptedOn, days);
        var recorder = new CaseRecorder(db, now);
        var office = await OfficeAsync(actor, ct);
        c.Status = CaseStatus.Accepted;
        recorder.History(c, "accepted", actor, office, null);
        db.Notices.Add(new CaseNotice { CaseId = c.Id, Kind = "receipt", IssuedAt = now, IssuedBy = actor.Name, Office = office, BodyJson = "{}" });
        await OpenStepAsync(c, 0, recorder, actor, office, ct);
        recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）已受理，法定办结期限 {c.DueOn:yyyy-MM-dd}。");
        return await CommitAsync(c, recorder, "case.accepted", actor, new { acceptedOn }, ct);
    }

    public async Task<CaseResult<Case>> RefuseAcceptanceAsync(CaseActor actor, long id, long revision, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            return CaseProblem.Invalid("reason", "请写明不予受理的理由（最多 2000 字）。 / State the reason (at most 2,000 characters).");
        }

        var (c, problem) = await DeskCaseAsync(actor, id, revision, ct);
        if (c == null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        var recorder = new CaseRecorder(db, now);
        c.Status = CaseStatus.NotAccepted;
        c.ClosedAt = now;
        recorder.History(c, "not_accepted", actor, office, reason);
        db.Notices.Add(new CaseNotice { CaseId = c.Id, Kind = "not_accepted", IssuedAt = now, IssuedBy = actor.Name, Office = office, BodyJson = EventJson(new { reason, remedy = DefaultRemedy }) });
        recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）不予受理：{reason}");
        await NoteBundleDecidedAsync(c, recorder, now, ct);
        return await CommitAsync(c, recorder, "case.not_accepted", actor, null, ct);
    }

    /// <summary>一次性告知: every missing or wrong material and field in one notice. At the desk only within the 5-day
    /// window; during a review step it pauses the legal clock.</summary>
    public async Task<CaseResult<Case>> RequestCorrectionAsync(CaseActor actor, long id, long revision, CorrectionRequest request, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return CaseProblem.NotFound();
        }

        var atDesk = c.StepIndex < 0;
        if (atDesk ? !actor.MayAct(StaffRoles.WindowOfficer, c.DepartmentId, c.RegionCode) : !await HoldsOpenTaskAsync(actor, c, ct))
        {
            return CaseProblem.Forbidden("只有受理窗口或当前环节的承办人可以要求补正。 / Only the acceptance desk or the current step's handler may ask for corrections.");
        }

        if (c.Revision != revision)
        {
            return CaseProblem.Stale();
        }

        if (atDesk ? c.Status is not (CaseStatus.Submitted or CaseStatus.CorrectionEnded) : c.Status is not (CaseStatus.InProcess or CaseStatus.SpecialEnded))
        {
            return CaseProblem.Conflict("当前状态不能要求补正。 / Corrections cannot be requested in this state.");
        }

        var today = ChinaTime.Today(clock);
        if (atDesk && today > c.AcceptanceDueOn)
        {
            return CaseProblem.Conflict($"已超过 5 个工作日的一次性告知期限（{c.AcceptanceDueOn:yyyy-MM-dd}），依法自收到申请之日起即为受理，请直接受理。 / The 5-working-day window ended; by law the case counts as accepted.");
        }

        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        var fields = FormDefinition.FromJson(c.FormJson).AllFields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        if (request.Points.Count == 0)
        {
            errors["points"] = ["请列出需要补正的每一项。 / List every point to correct."];
        }

        foreach (var (point, i) in request.Points.Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(point.Problem) || point.Problem.Length > 500)
            {
                errors[$"points[{i}].problem"] = ["请说明问题（最多 500 字）。 / Say what is wrong (at most 500 characters)."];
            }

            if (point.MaterialIndex is { } m && (m < 0 || m >= materials.Count))
            {
                errors[$"points[{i}].materialIndex"] = ["没有这项材料。 / No such material."];
            }

            if (point.FieldKey is { } f && !fields.Contains(f))
            {
                errors[$"points[{i}].fieldKey"] = ["没有这个字段。 / No such field."];
            }
        }

        if (request.Note is { Length: > 1000 })
        {
            errors["note"] = ["最多 1000 字。 / At most 1,000 characters."];
        }

        // Materials an e-licence or the registry proved were never handed in and are vouched for by their issuer.
        var proven = (await db.Proofs.Where(p => p.CaseId == c.Id && p.Kind != ProofKinds.Commitment).Select(p => p.MaterialIndex).ToListAsync(ct)).ToHashSet();
        foreach (var (point, i) in request.Points.Select((p, i) => (p, i)))
        {
            if (point.MaterialIndex is { } m && proven.Contains(m))
            {
                errors[$"points[{i}].materialIndex"] = [$"“{materials[m].Name}”已通过电子证照或基础库核验（免提交），不能要求补正。 / This material was proven by an e-licence or the registry and cannot be put in a correction notice."];
            }
        }

        if (errors.Count > 0)
        {
            return CaseProblem.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        var notice = new CorrectionNotice(request.Points.Select(p => new CorrectionPoint(p.MaterialIndex, p.FieldKey, p.Problem!.Trim())).ToList(), request.Note?.Trim());
        db.Notices.Add(new CaseNotice { CaseId = c.Id, Kind = "correction", IssuedAt = now, IssuedBy = actor.Name, Office = office, BodyJson = notice.ToJson() });
        if (!atDesk)
        {
            CaseClock.Pause(c, today);
        }

        c.Status = CaseStatus.CorrectionStarted;
        var recorder = new CaseRecorder(db, now);
        recorder.History(c, "correction_requested", actor, office, string.Join("；", notice.Points.Select(p => p.Problem)));
        recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）需要补正 {notice.Points.Count} 项材料或信息，请登录查看补正通知。");
        return await CommitAsync(c, recorder, "case.correction_requested", actor, new { points = notice.Points.Count }, ct);
    }

    // ---- tasks (待办) ----

    public async Task<CaseResult<CaseTask>> ClaimAsync(CaseActor actor, long taskId, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task == null || !actor.MayAct(task.Role, task.DepartmentId, task.RegionCode))
        {
            return CaseProblem.NotFound() with { Title = "待办不存在 / Task not found" };
        }

        if (task.State != TaskStates.Open)
        {
            return CaseProblem.Conflict("该待办已办结。 / The task is already done.");
        }

        if (task.AssigneeSubject != null && task.AssigneeSubject != actor.Subject)
        {
            return CaseProblem.Conflict($"该待办已由 {task.AssigneeName} 签收。 / Already claimed by {task.AssigneeName}.");
        }

        var claimed = await db.Tasks.Where(t => t.Id == taskId && t.State == TaskStates.Open && (t.AssigneeSubject == null || t.AssigneeSubject == actor.Subject))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AssigneeSubject, actor.Subject).SetProperty(t => t.AssigneeName, actor.Name), ct);
        if (claimed == 0)
        {
            return CaseProblem.Stale();
        }

        task.AssigneeSubject = actor.Subject;
        task.AssigneeName = actor.Name;
        return task;
    }

    /// <summary>Department admin assigns or reassigns a task to a staff member of the department.</summary>
    public async Task<CaseResult<CaseTask>> AssignAsync(CaseActor actor, long taskId, string assigneeSubject, string assigneeName, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task == null || !actor.MayRead(task.DepartmentId, task.RegionCode))
        {
            return CaseProblem.NotFound() with { Title = "待办不存在 / Task not found" };
        }

        if (!actor.MayAct(StaffRoles.DepartmentAdmin, task.DepartmentId, task.RegionCode))
        {
            return CaseProblem.Forbidden("只有部门管理员可以分派。 / Only the department admin assigns tasks.");
        }

        if (task.State != TaskStates.Open)
        {
            return CaseProblem.Conflict("该待办已办结。 / The task is already done.");
        }

        task.AssigneeSubject = assigneeSubject;
        task.AssigneeName = assigneeName;
        var c = await db.Cases.FirstAsync(x => x.Id == task.CaseId, ct);
        var recorder = new CaseRecorder(db, clock.GetUtcNow());
        recorder.History(c, "assigned", actor, await OfficeAsync(actor, ct), $"{task.StepName} → {assigneeName}", isPublic: false);
        var result = await CommitAsync(c, recorder, "case.task_assigned", actor, new { taskId, assignee = assigneeSubject }, ct, task.DepartmentId);
        return result.Succeeded ? task : result.Problem!;
    }

    /// <summary>Completes the actor's task at a review or certify step. A refusal at a parallel step cancels the other
    /// departments' open tasks and moves on: the decision step sees the refusal.</summary>
    public async Task<CaseResult<Case>> CompleteStepAsync(CaseActor actor, long taskId, StepResult result, CancellationToken ct)
    {
        if (result.Outcome is not ("approve" or "refuse"))
        {
            return CaseProblem.Invalid("outcome", "请选择同意或不同意。 / Choose approve or refuse.");
        }

        if (result.Outcome == "refuse" && string.IsNullOrWhiteSpace(result.Opinion) || result.Opinion is { Length: > 2000 })
        {
            return CaseProblem.Invalid("opinion", "不同意时请写明意见（最多 2000 字）。 / Give your opinion when refusing (at most 2,000 characters).");
        }

        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (task!.StepKind is ProcessDefinition.KindDecide or ProcessDefinition.KindDeliver)
        {
            return CaseProblem.Conflict("决定和送达环节请使用相应的操作。 / Use the decision or delivery action for this step.");
        }

        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        var recorder = new CaseRecorder(db, now);
        Complete(task, actor, result.Outcome, result.Opinion, now);
        var others = await db.Tasks.Where(t => t.CaseId == c.Id && t.StepIndex == task.StepIndex && t.State == TaskStates.Open && t.Id != task.Id).ToListAsync(ct);
        recorder.History(c, result.Outcome == "approve" ? "step_approved" : "step_refused", actor, office, $"{task.StepName}：{result.Opinion}");
        if (result.Outcome == "refuse")
        {
            others.ForEach(t => t.State = TaskStates.Cancelled);
            await OpenStepAsync(c, ProcessDefinition.FromJson(c.ProcessJson).DecideStepIndex is var d && d > task.StepIndex ? d : task.StepIndex + 1, recorder, actor, office, ct);
        }
        else if (others.Count == 0)
        {
            await OpenStepAsync(c, task.StepIndex + 1, recorder, actor, office, ct);
        }

        return await CommitAsync(c, recorder, "case.step_completed", actor, new { taskId, step = task.StepName, outcome = result.Outcome }, ct, task.DepartmentId);
    }

    public async Task<CaseResult<Case>> DecideAsync(CaseActor actor, long taskId, DecisionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Decision is not ("approve" or "refuse"))
        {
            errors["decision"] = ["请选择准予或不予许可。 / Choose grant or refuse."];
        }

        if (input.Decision == "refuse" && string.IsNullOrWhiteSpace(input.Reason))
        {
            errors["reason"] = ["不予许可应当说明理由。 / A refusal must give the reason."];
        }

        if (input.Reason is { Length: > 2000 } || input.Remedy is { Length: > 1000 })
        {
            errors["reason"] = ["理由最多 2000 字，救济途径最多 1000 字。 / Reason at most 2,000, remedy at most 1,000 characters."];
        }

        if (errors.Count > 0)
        {
            return CaseProblem.Invalid(errors);
        }

        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (task!.StepKind != ProcessDefinition.KindDecide || c.Decision != null)
        {
            return CaseProblem.Conflict("该办件已作出决定或不在决定环节。 / The case is already decided or not at the decision step.");
        }

        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        var recorder = new CaseRecorder(db, now);
        c.Decision = input.Decision;
        c.DecisionReason = input.Reason?.Trim();
        c.DecisionRemedy = input.Decision == "refuse" ? (string.IsNullOrWhiteSpace(input.Remedy) ? DefaultRemedy : input.Remedy.Trim()) : null;
        c.DecidedAt = now;
        Complete(task, actor, input.Decision, input.Reason, now);
        db.Notices.Add(new CaseNotice { CaseId = c.Id, Kind = "decision", IssuedAt = now, IssuedBy = actor.Name, Office = office,
            BodyJson = EventJson(new { decision = c.Decision, reason = c.DecisionReason, remedy = c.DecisionRemedy }) });
        recorder.History(c, input.Decision == "approve" ? "decided_approve" : "decided_refuse", actor, office, c.DecisionReason);
        recorder.Notify(c, input.Decision == "approve"
            ? $"您的办件 {c.Number}（{c.ItemName}）已作出准予许可的决定。"
            : $"您的办件 {c.Number}（{c.ItemName}）已作出不予许可的决定，理由：{c.DecisionReason}");
        // A refusal skips certificate steps: the next step is delivery of the refusal.
        var process = ProcessDefinition.FromJson(c.ProcessJson);
        var next = input.Decision == "refuse" ? process.Steps.FindIndex(task.StepIndex + 1, s => s.Kind == ProcessDefinition.KindDeliver) : task.StepIndex + 1;
        await OpenStepAsync(c, next < 0 ? process.Steps.Count : next, recorder, actor, office, ct);
        await NoteBundleDecidedAsync(c, recorder, now, ct);
        return await CommitAsync(c, recorder, "case.decided", actor, new { decision = c.Decision }, ct);
    }

    /// <summary>送达: the result reaches the applicant (picked up, posted with a tracking number, or electronic); the
    /// case is then 办结.</summary>
    public async Task<CaseResult<Case>> DeliverAsync(CaseActor actor, long taskId, string? trackingNumber, CancellationToken ct)
    {
        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (task!.StepKind != ProcessDefinition.KindDeliver || c.Decision == null)
        {
            return CaseProblem.Conflict("只有作出决定后的送达环节可以送达。 / Delivery comes after the decision.");
        }

        if (BundleDeliveryProblem(c) is { } bundled)
        {
            return bundled;
        }

        if (c.DeliveryMethod == DeliveryMethods.Post && (string.IsNullOrWhiteSpace(trackingNumber) || trackingNumber.Length > 60))
        {
            return CaseProblem.Invalid("trackingNumber", "邮寄送达请填写运单号。 / Enter the tracking number for postal delivery.");
        }

        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        var recorder = new CaseRecorder(db, now);
        c.TrackingNumber = c.DeliveryMethod == DeliveryMethods.Post ? trackingNumber!.Trim() : null;
        c.DeliveredAt = now;
        Complete(task, actor, "delivered", c.TrackingNumber, now);
        recorder.History(c, "delivered", actor, office, c.TrackingNumber is { } t ? $"{DeliveryMethods.Label(c.DeliveryMethod, false)} {t}" : DeliveryMethods.Label(c.DeliveryMethod, false));
        await OpenStepAsync(c, task.StepIndex + 1, recorder, actor, office, ct);
        return await CommitAsync(c, recorder, "case.delivered", actor, new { method = c.DeliveryMethod, trackingNumber = c.TrackingNumber }, ct);
    }

    /// <summary>退回: sends the case back to an earlier step with a reason; the current step's open tasks are cancelled.</summary>
    public async Task<CaseResult<Case>> ReturnAsync(CaseActor actor, long taskId, int toStep, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            return CaseProblem.Invalid("reason", "请写明退回理由。 / State why the case goes back.");
        }

        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (toStep < 0 || toStep >= task!.StepIndex)
        {
            return CaseProblem.Invalid("toStep", "只能退回到之前的环节。 / Choose an earlier step.");
        }

        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        var recorder = new CaseRecorder(db, now);
        Complete(task, actor, "returned", reason, now);
        foreach (var other in await db.Tasks.Where(t => t.CaseId == c.Id && t.State == TaskStates.Open && t.Id != task.Id).ToListAsync(ct))
        {
            other.State = TaskStates.Cancelled;
        }

        recorder.History(c, "returned", actor, office, reason, isPublic: false);
        await OpenStepAsync(c, toStep, recorder, actor, office, ct);
        return await CommitAsync(c, recorder, "case.returned", actor, new { toStep }, ct, task.DepartmentId);
    }

    /// <summary>An internal comment on the case (办理意见): history only, never shown to the applicant.</summary>
    public async Task<CaseResult<Case>> CommentAsync(CaseActor actor, long id, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 2000)
        {
            return CaseProblem.Invalid("text", "请填写意见（最多 2000 字）。 / Write the comment (at most 2,000 characters).");
        }

        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode) && !await InvolvedAsync(actor, c, ct))
        {
            return CaseProblem.NotFound();
        }

        var recorder = new CaseRecorder(db, clock.GetUtcNow());
        recorder.History(c, "comment", actor, await OfficeAsync(actor, ct), text.Trim(), isPublic: false);
        return await CommitAsync(c, recorder, "case.commented", actor, null, ct);
    }

    /// <summary>特别程序 (Art. 45): hearing, inspection, expert review… The time they take does not count.</summary>
    public async Task<CaseResult<Case>> PauseAsync(CaseActor actor, long taskId, PauseInput input, CancellationToken ct)
    {
        if (!SpecialProcedures.Kinds.Contains(input.Kind))
        {
            return CaseProblem.Invalid("kind", "请选择特别程序的种类。 / Choose the kind of special procedure.");
        }

        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000)
        {
            return CaseProblem.Invalid("reason", "请写明理由。 / State the reason.");
        }

        var (c, _, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        CaseClock.Pause(c, ChinaTime.Today(clock));
        c.Status = CaseStatus.SpecialStarted;
        recorder.History(c, "special_started", actor, await OfficeAsync(actor, ct), $"{SpecialProcedures.Label(input.Kind)}：{input.Reason}");
        recorder.Notify(c, $"您的办件 {c.Number} 进入特别程序（{SpecialProcedures.Label(input.Kind)}），所需时间不计入办理时限。");
        return await CommitAsync(c, recorder, "case.paused", actor, new { kind = input.Kind }, ct);
    }

    public async Task<CaseResult<Case>> ResumeAsync(CaseActor actor, long taskId, string? note, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        var c = task == null ? null : await db.Cases.FirstOrDefaultAsync(x => x.Id == task.CaseId, ct);
        if (c == null || task == null || !actor.MayAct(task.Role, task.DepartmentId, task.RegionCode))
        {
            return CaseProblem.NotFound() with { Title = "待办不存在 / Task not found" };
        }

        if (c.Status != CaseStatus.SpecialStarted || task.State != TaskStates.Open)
        {
            return CaseProblem.Conflict("该办件不在特别程序中。 / The case is not in a special procedure.");
        }

        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        CaseClock.Resume(c, ChinaTime.Today(clock), await calendar.CurrentAsync(ct));
        recorder.History(c, "special_ended", actor, await OfficeAsync(actor, ct), note, status: CaseStatus.SpecialEnded);
        c.Status = CaseStatus.InProcess;
        recorder.Notify(c, $"您的办件 {c.Number} 特别程序结束，继续办理，办结期限 {c.DueOn:yyyy-MM-dd}。");
        return await CommitAsync(c, recorder, "case.resumed", actor, null, ct);
    }

    /// <summary>延期 (Art. 42): approved by the head of the handling department — here its department admin — once per
    /// case, at most 10 working days (15 for joint handling), with the reason told to the applicant.</summary>
    public async Task<CaseResult<Case>> ExtendAsync(CaseActor actor, long id, long revision, int days, string? reason, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return CaseProblem.NotFound();
        }

        if (!actor.MayAct(StaffRoles.DepartmentAdmin, c.DepartmentId, c.RegionCode))
        {
            return CaseProblem.Forbidden("延期须经本部门负责人（部门管理员）批准。 / An extension needs the department admin's approval.");
        }

        var max = CaseClock.MaxExtension(ProcessDefinition.FromJson(c.ProcessJson).HasParallelStep);
        if (days < 1 || days > max)
        {
            return CaseProblem.Invalid("days", $"延长 1 到 {max} 个工作日。 / Between 1 and {max} working days.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            return CaseProblem.Invalid("reason", "请写明延期理由。 / State the reason.");
        }

        if (c.Revision != revision)
        {
            return CaseProblem.Stale();
        }

        if (c.AcceptedOn == null || c.Decision != null || CaseStatus.IsFinal(c.Status))
        {
            return CaseProblem.Conflict("只有受理后、决定前的办件可以延期。 / Only accepted, undecided cases can be extended.");
        }

        if (c.ExtensionDays > 0)
        {
            return CaseProblem.Conflict("该办件已经延期过一次。 / The case has already been extended once.");
        }

        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        CaseClock.Extend(c, days, await calendar.CurrentAsync(ct));
        recorder.History(c, "extended", actor, await OfficeAsync(actor, ct), $"延长 {days} 个工作日：{reason}");
        recorder.Notify(c, $"您的办件 {c.Number} 经批准延长 {days} 个工作日，理由：{reason}");
        return await CommitAsync(c, recorder, "case.extended", actor, new { days }, ct);
    }

    // ---- helpers ----

    private async Task<(Case? Case, CaseProblem? Problem)> DeskCaseAsync(CaseActor actor, long id, long revision, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id && x.Status != CaseStatus.Draft, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return (null, CaseProblem.NotFound());
        }

        if (!actor.MayAct(StaffRoles.WindowOfficer, c.DepartmentId, c.RegionCode))
        {
            return (null, CaseProblem.Forbidden("只有本部门的受理窗口可以受理。 / Only the department's acceptance desk may do this."));
        }

        if (c.Revision != revision)
        {
            return (null, CaseProblem.Stale());
        }

        if (c.Status is not (CaseStatus.Submitted or CaseStatus.CorrectionEnded))
        {
            return (null, CaseProblem.Conflict($"办件当前状态为“{CaseStatus.Label(c.Status, false)}”，不能受理或不予受理。 / The case is {CaseStatus.Label(c.Status, true)}."));
        }

        return (c, null);
    }

    private async Task<(Case? Case, CaseTask? Task, CaseProblem? Problem)> TaskCaseAsync(CaseActor actor, long taskId, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task == null || !actor.MayAct(task.Role, task.DepartmentId, task.RegionCode))
        {
            return (null, null, CaseProblem.NotFound() with { Title = "待办不存在 / Task not found", Detail = "没有这个待办，或它不属于您的部门。 / No such task in your department." });
        }

        var c = await db.Cases.FirstAsync(x => x.Id == task.CaseId, ct);
        if (task.State != TaskStates.Open)
        {
            return (null, null, CaseProblem.Conflict("该待办已办结或已取消。 / The task is already done or cancelled."));
        }

        if (c.Status is not (CaseStatus.InProcess or CaseStatus.SpecialEnded or CaseStatus.Accepted))
        {
            return (null, null, CaseProblem.Conflict($"办件当前状态为“{CaseStatus.Label(c.Status, false)}”，暂不能办理。 / The case is {CaseStatus.Label(c.Status, true)}."));
        }

        if (task.AssigneeSubject != null && task.AssigneeSubject != actor.Subject)
        {
            return (null, null, CaseProblem.Conflict($"该待办已由 {task.AssigneeName} 签收。 / Claimed by {task.AssigneeName}."));
        }

        return (c, task, null);
    }

    private Task<bool> HoldsOpenTaskAsync(CaseActor actor, Case c, CancellationToken ct) =>
        InvolvedAsync(actor, c, ct, openOnly: true);

    private async Task<bool> InvolvedAsync(CaseActor actor, Case c, CancellationToken ct, bool openOnly = false)
    {
        var tasks = await db.Tasks.Where(t => t.CaseId == c.Id && (!openOnly || t.State == TaskStates.Open)).Select(t => new { t.Role, t.DepartmentId, t.RegionCode }).ToListAsync(ct);
        return tasks.Any(t => actor.MayAct(t.Role, t.DepartmentId, t.RegionCode));
    }

    private static void Complete(CaseTask task, CaseActor actor, string outcome, string? opinion, DateTimeOffset now)
    {
        task.State = TaskStates.Done;
        task.Outcome = outcome;
        task.Opinion = opinion?.Trim();
        task.CompletedAt = now;
        task.CompletedBy = actor.Name;
        task.AssigneeSubject ??= actor.Subject;
        task.AssigneeName ??= actor.Name;
    }

    /// <summary>Opens the tasks of step <paramref name="index"/> (one per department), or closes the case (办结) when the
    /// process has no more steps.</summary>
    private async Task OpenStepAsync(Case c, int index, CaseRecorder recorder, CaseActor actor, string office, CancellationToken ct)
    {
        var process = ProcessDefinition.FromJson(c.ProcessJson);
        var now = clock.GetUtcNow();
        if (index >= process.Steps.Count)
        {
            c.StepIndex = process.Steps.Count;
            c.Status = c.Decision == "approve" ? CaseStatus.ClosedApproved : CaseStatus.ClosedRefused;
            c.ClosedAt = now;
            closingApproved = c.Decision == "approve";
            recorder.History(c, "closed", actor, office, null);
            recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）已办结：{CaseStatus.Label(c.Status, false)}。");
            return;
        }

        var step = process.Steps[index];
        c.StepIndex = index;
        c.Status = CaseStatus.InProcess;
        var departmentIds = step.DepartmentIds.Count == 0 ? [c.DepartmentId] : step.DepartmentIds;
        var departments = (await organisation.DepartmentsAsync(ct)).Where(d => departmentIds.Contains(d.Id)).ToDictionary(d => d.Id);
        foreach (var departmentId in departmentIds)
        {
            db.Tasks.Add(new CaseTask
            {
                CaseId = c.Id, StepIndex = index, StepName = step.Name, StepKind = step.Kind, DepartmentId = departmentId,
                RegionCode = departments.TryGetValue(departmentId, out var d) ? d.RegionCode : c.RegionCode, Role = step.Role, CreatedAt = now,
            });
        }

        var offices = string.Join("、", departmentIds.Select(id => departments.TryGetValue(id, out var d) ? d.Name : c.DepartmentName));
        recorder.History(c, "step_started", actor, offices, step.Name, status: CaseStatus.InProcess);
    }

    private async Task<string> OfficeAsync(CaseActor actor, CancellationToken ct) =>
        actor.DepartmentId is { } id && await organisation.DepartmentAsync(id, ct) is { } d ? d.Name : actor.Name;

    private static DateOnly ChinaDate(DateTimeOffset at) => ChinaTime.DateOf(at);

    private static string EventJson(object value) => System.Text.Json.JsonSerializer.Serialize(value, CaseJson.Options);

    private async Task<CaseResult<Case>> CommitAsync(Case c, CaseRecorder recorder, string eventType, CaseActor actor, object? extra, CancellationToken ct, long? department = null)
    {
        c.UpdatedAt = clock.GetUtcNow();
        c.Revision++;
        var plan = closingApproved && c.Status == CaseStatus.ClosedApproved ? await results.PlanAsync(c, ct) : null;
        Func<Task>? issue = plan == null ? null : () => results.IssueWithinAsync(db, c, plan, recorder, actor, ct);
        var result = await CaseTransactions.CommitAsync(db, c, recorder, eventType, actor, extra, ct, department, issue);
        if (result.Succeeded)
        {
            await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
        }

        return result;
    }
}
