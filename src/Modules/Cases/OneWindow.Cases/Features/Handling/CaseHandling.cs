using OneWindow.Shared.Results;
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

    public async Task<Outcome<Case>> AcceptAsync(CaseActor actor, long id, long revision, CancellationToken ct)
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

    public async Task<Outcome<Case>> RefuseAcceptanceAsync(CaseActor actor, long id, long revision, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            return CaseFailures.Invalid("reason", "cases.state_reason_at_most_2");
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
    public async Task<Outcome<Case>> RequestCorrectionAsync(CaseActor actor, long id, long revision, CorrectionRequest request, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return CaseFailures.NotFound();
        }

        var atDesk = c.StepIndex < 0;
        if (atDesk ? !actor.MayAct(StaffRoles.WindowOfficer, c.DepartmentId, c.RegionCode) : !await HoldsOpenTaskAsync(actor, c, ct))
        {
            return CaseFailures.Forbidden("cases.only_acceptance_desk_current_step");
        }

        if (c.Revision != revision)
        {
            return CaseFailures.Stale();
        }

        if (atDesk ? c.Status is not (CaseStatus.Submitted or CaseStatus.CorrectionEnded) : c.Status is not (CaseStatus.InProcess or CaseStatus.SpecialEnded))
        {
            return CaseFailures.Conflict("cases.corrections_cannot_requested_in_state");
        }

        var today = ChinaTime.Today(clock);
        if (atDesk && today > c.AcceptanceDueOn)
        {
            return CaseFailures.Conflict("cases.5_working_day_window_ended", c.AcceptanceDueOn);
        }

        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        var fields = FormDefinition.FromJson(c.FormJson).AllFields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>();
        if (request.Points.Count == 0)
        {
            errors["points"] = [CaseText.T("cases.list_every_point_correct")];
        }

        foreach (var (point, i) in request.Points.Select((p, i) => (p, i)))
        {
            if (string.IsNullOrWhiteSpace(point.Problem) || point.Problem.Length > 500)
            {
                errors[$"points[{i}].problem"] = [CaseText.T("cases.say_what_wrong_at_most")];
            }

            if (point.MaterialIndex is { } m && (m < 0 || m >= materials.Count))
            {
                errors[$"points[{i}].materialIndex"] = [CaseText.T("cases.no_such_material")];
            }

            if (point.FieldKey is { } f && !fields.Contains(f))
            {
                errors[$"points[{i}].fieldKey"] = [CaseText.T("cases.no_such_field")];
            }
        }

        if (request.Note is { Length: > 1000 })
        {
            errors["note"] = [CaseText.T("cases.at_most_1_000_characters")];
        }

        // Materials an e-licence or the registry proved were never handed in and are vouched for by their issuer.
        var proven = (await db.Proofs.Where(p => p.CaseId == c.Id && p.Kind != ProofKinds.Commitment).Select(p => p.MaterialIndex).ToListAsync(ct)).ToHashSet();
        foreach (var (point, i) in request.Points.Select((p, i) => (p, i)))
        {
            if (point.MaterialIndex is { } m && proven.Contains(m))
            {
                errors[$"points[{i}].materialIndex"] = [CaseText.T("cases.material_was_proven_by_e", materials[m].Name)];
            }
        }

        if (errors.Count > 0)
        {
            return CaseFailures.Invalid(errors);
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

    public async Task<Outcome<CaseTask>> ClaimAsync(CaseActor actor, long taskId, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task == null || !actor.MayAct(task.Role, task.DepartmentId, task.RegionCode))
        {
            return CaseFailures.NotFoundOf("cases.task_not_found");
        }

        if (task.State != TaskStates.Open)
        {
            return CaseFailures.Conflict("cases.task_already_done");
        }

        if (task.AssigneeSubject != null && task.AssigneeSubject != actor.Subject)
        {
            return CaseFailures.Conflict("cases.already_claimed_by_0", task.AssigneeName);
        }

        var claimed = await db.Tasks.Where(t => t.Id == taskId && t.State == TaskStates.Open && (t.AssigneeSubject == null || t.AssigneeSubject == actor.Subject))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AssigneeSubject, actor.Subject).SetProperty(t => t.AssigneeName, actor.Name), ct);
        if (claimed == 0)
        {
            return CaseFailures.Stale();
        }

        task.AssigneeSubject = actor.Subject;
        task.AssigneeName = actor.Name;
        return task;
    }

    /// <summary>Department admin assigns or reassigns a task to a staff member of the department.</summary>
    public async Task<Outcome<CaseTask>> AssignAsync(CaseActor actor, long taskId, string assigneeSubject, string assigneeName, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task == null || !actor.MayRead(task.DepartmentId, task.RegionCode))
        {
            return CaseFailures.NotFoundOf("cases.task_not_found");
        }

        if (!actor.MayAct(StaffRoles.DepartmentAdmin, task.DepartmentId, task.RegionCode))
        {
            return CaseFailures.Forbidden("cases.only_department_admin_assigns_tasks");
        }

        if (task.State != TaskStates.Open)
        {
            return CaseFailures.Conflict("cases.task_already_done");
        }

        task.AssigneeSubject = assigneeSubject;
        task.AssigneeName = assigneeName;
        var c = await db.Cases.FirstAsync(x => x.Id == task.CaseId, ct);
        var recorder = new CaseRecorder(db, clock.GetUtcNow());
        recorder.History(c, "assigned", actor, await OfficeAsync(actor, ct), $"{task.StepName} → {assigneeName}", isPublic: false);
        var result = await CommitAsync(c, recorder, "case.task_assigned", actor, new { taskId, assignee = assigneeSubject }, ct, task.DepartmentId);
        return result.Succeeded ? task : result.Failure!;
    }

    /// <summary>Completes the actor's task at a review or certify step. A refusal at a parallel step cancels the other
    /// departments' open tasks and moves on: the decision step sees the refusal.</summary>
    public async Task<Outcome<Case>> CompleteStepAsync(CaseActor actor, long taskId, StepResult result, CancellationToken ct)
    {
        if (result.Outcome is not ("approve" or "refuse"))
        {
            return CaseFailures.Invalid("outcome", "cases.choose_approve_refuse");
        }

        if (result.Outcome == "refuse" && string.IsNullOrWhiteSpace(result.Opinion) || result.Opinion is { Length: > 2000 })
        {
            return CaseFailures.Invalid("opinion", "cases.give_your_opinion_when_refusing");
        }

        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (task!.StepKind is ProcessDefinition.KindDecide or ProcessDefinition.KindDeliver)
        {
            return CaseFailures.Conflict("cases.use_decision_delivery_action_for");
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

    public async Task<Outcome<Case>> DecideAsync(CaseActor actor, long taskId, DecisionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Decision is not ("approve" or "refuse"))
        {
            errors["decision"] = [CaseText.T("cases.choose_grant_refuse")];
        }

        if (input.Decision == "refuse" && string.IsNullOrWhiteSpace(input.Reason))
        {
            errors["reason"] = [CaseText.T("cases.refusal_must_give_reason")];
        }

        if (input.Reason is { Length: > 2000 } || input.Remedy is { Length: > 1000 })
        {
            errors["reason"] = [CaseText.T("cases.reason_at_most_2_000")];
        }

        if (errors.Count > 0)
        {
            return CaseFailures.Invalid(errors);
        }

        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (task!.StepKind != ProcessDefinition.KindDecide || c.Decision != null)
        {
            return CaseFailures.Conflict("cases.case_already_decided_not_at");
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
    public async Task<Outcome<Case>> DeliverAsync(CaseActor actor, long taskId, string? trackingNumber, CancellationToken ct)
    {
        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (task!.StepKind != ProcessDefinition.KindDeliver || c.Decision == null)
        {
            return CaseFailures.Conflict("cases.delivery_comes_after_decision");
        }

        if (BundleDeliveryProblem(c) is { } bundled)
        {
            return bundled;
        }

        if (c.DeliveryMethod == DeliveryMethods.Post && (string.IsNullOrWhiteSpace(trackingNumber) || trackingNumber.Length > 60))
        {
            return CaseFailures.Invalid("trackingNumber", "cases.enter_tracking_number_for_postal");
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
    public async Task<Outcome<Case>> ReturnAsync(CaseActor actor, long taskId, int toStep, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 2000)
        {
            return CaseFailures.Invalid("reason", "cases.state_why_case_goes_back");
        }

        var (c, task, problem) = await TaskCaseAsync(actor, taskId, ct);
        if (c == null)
        {
            return problem!;
        }

        if (toStep < 0 || toStep >= task!.StepIndex)
        {
            return CaseFailures.Invalid("toStep", "cases.choose_earlier_step");
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
    public async Task<Outcome<Case>> CommentAsync(CaseActor actor, long id, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 2000)
        {
            return CaseFailures.Invalid("text", "cases.write_comment_at_most_2");
        }

        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode) && !await InvolvedAsync(actor, c, ct))
        {
            return CaseFailures.NotFound();
        }

        var recorder = new CaseRecorder(db, clock.GetUtcNow());
        recorder.History(c, "comment", actor, await OfficeAsync(actor, ct), text.Trim(), isPublic: false);
        return await CommitAsync(c, recorder, "case.commented", actor, null, ct);
    }

    /// <summary>特别程序 (Art. 45): hearing, inspection, expert review… The time they take does not count.</summary>
    public async Task<Outcome<Case>> PauseAsync(CaseActor actor, long taskId, PauseInput input, CancellationToken ct)
    {
        if (!SpecialProcedures.Kinds.Contains(input.Kind))
        {
            return CaseFailures.Invalid("kind", "cases.choose_kind_special_procedure");
        }

        if (string.IsNullOrWhiteSpace(input.Reason) || input.Reason.Length > 1000)
        {
            return CaseFailures.Invalid("reason", "cases.state_reason");
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

    public async Task<Outcome<Case>> ResumeAsync(CaseActor actor, long taskId, string? note, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        var c = task == null ? null : await db.Cases.FirstOrDefaultAsync(x => x.Id == task.CaseId, ct);
        if (c == null || task == null || !actor.MayAct(task.Role, task.DepartmentId, task.RegionCode))
        {
            return CaseFailures.NotFoundOf("cases.task_not_found");
        }

        if (c.Status != CaseStatus.SpecialStarted || task.State != TaskStates.Open)
        {
            return CaseFailures.Conflict("cases.case_not_in_special_procedure");
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
    public async Task<Outcome<Case>> ExtendAsync(CaseActor actor, long id, long revision, int days, string? reason, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return CaseFailures.NotFound();
        }

        if (!actor.MayAct(StaffRoles.DepartmentAdmin, c.DepartmentId, c.RegionCode))
        {
            return CaseFailures.Forbidden("cases.extension_needs_department_admin_s");
        }

        var max = CaseClock.MaxExtension(ProcessDefinition.FromJson(c.ProcessJson).HasParallelStep);
        if (days < 1 || days > max)
        {
            return CaseFailures.Invalid("days", "cases.between_1_0_working_days", max);
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            return CaseFailures.Invalid("reason", "cases.state_reason_2");
        }

        if (c.Revision != revision)
        {
            return CaseFailures.Stale();
        }

        if (c.AcceptedOn == null || c.Decision != null || CaseStatus.IsFinal(c.Status))
        {
            return CaseFailures.Conflict("cases.only_accepted_undecided_cases_can");
        }

        if (c.ExtensionDays > 0)
        {
            return CaseFailures.Conflict("cases.case_has_already_been_extended");
        }

        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        CaseClock.Extend(c, days, await calendar.CurrentAsync(ct));
        recorder.History(c, "extended", actor, await OfficeAsync(actor, ct), $"延长 {days} 个工作日：{reason}");
        recorder.Notify(c, $"您的办件 {c.Number} 经批准延长 {days} 个工作日，理由：{reason}");
        return await CommitAsync(c, recorder, "case.extended", actor, new { days }, ct);
    }

    // ---- helpers ----

    private async Task<(Case? Case, Failure? Problem)> DeskCaseAsync(CaseActor actor, long id, long revision, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id && x.Status != CaseStatus.Draft, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return (null, CaseFailures.NotFound());
        }

        if (!actor.MayAct(StaffRoles.WindowOfficer, c.DepartmentId, c.RegionCode))
        {
            return (null, CaseFailures.Forbidden("cases.only_department_s_acceptance_desk"));
        }

        if (c.Revision != revision)
        {
            return (null, CaseFailures.Stale());
        }

        if (c.Status is not (CaseStatus.Submitted or CaseStatus.CorrectionEnded))
        {
            return (null, CaseFailures.Conflict("cases.case_1", CaseStatus.Label(c.Status, false), CaseStatus.Label(c.Status, true)));
        }

        return (c, null);
    }

    private async Task<(Case? Case, CaseTask? Task, Failure? Problem)> TaskCaseAsync(CaseActor actor, long taskId, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct);
        if (task == null || !actor.MayAct(task.Role, task.DepartmentId, task.RegionCode))
        {
            return (null, null, CaseFailures.NotFound("cases.no_such_task_in_your", "cases.task_not_found"));
        }

        var c = await db.Cases.FirstAsync(x => x.Id == task.CaseId, ct);
        if (task.State != TaskStates.Open)
        {
            return (null, null, CaseFailures.Conflict("cases.task_already_done_cancelled"));
        }

        if (c.Status is not (CaseStatus.InProcess or CaseStatus.SpecialEnded or CaseStatus.Accepted))
        {
            return (null, null, CaseFailures.Conflict("cases.case_1_2", CaseStatus.Label(c.Status, false), CaseStatus.Label(c.Status, true)));
        }

        if (task.AssigneeSubject != null && task.AssigneeSubject != actor.Subject)
        {
            return (null, null, CaseFailures.Conflict("cases.claimed_by_0", task.AssigneeName));
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

    private async Task<Outcome<Case>> CommitAsync(Case c, CaseRecorder recorder, string eventType, CaseActor actor, object? extra, CancellationToken ct, long? department = null)
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
