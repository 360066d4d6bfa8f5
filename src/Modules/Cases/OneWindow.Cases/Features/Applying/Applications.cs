using OneWindow.Shared.Results;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Files;
using OneWindow.Shared.Messaging;

namespace OneWindow.Cases.Features.Applying;

/// <summary>
/// The applicant's side (网上申报): drafts that every page submit saves, materials attached from the file library,
/// atomic and idempotent submission, withdrawal and corrections. Every refusal is a <see cref="Failure"/>, and a
/// refused action changes nothing.
/// </summary>
public sealed partial class Applications(
    CasesDbContext db,
    IPublishedItems catalog,
    ItemSetups setups,
    IFileLibrary files,
    IWorkingCalendar calendar,
    IApplicantMessenger messenger,
    TimeProvider clock,
    CaseProofs proofs,
    ApplicantFactsReader factsReader,
    InstantApproval instant,
    ResultLicences results)
{
    public const int MaxAttachmentsPerMaterial = 10;

    /// <summary>Starts a draft for a published item, freezing the item's version, form, process and materials list.</summary>
    public async Task<Outcome<Case>> StartAsync(CaseActor actor, long itemId, CancellationToken ct)
    {
        var draft = await NewDraftAsync(actor, itemId, ct);
        if (!draft.Succeeded)
        {
            return draft.Failure!;
        }

        var c = draft.Value!;
        var found = await PrefillAndProveAsync(c, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Cases.Add(c);
        await db.SaveChangesAsync(ct);
        foreach (var proof in found)
        {
            proof.CaseId = c.Id;
            db.Proofs.Add(proof);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return c;
    }

    /// <summary>一键申报 and 免证办 for a new case: empty fields prefilled from the registry and licences, and the proofs
    /// the applicant's licences and registry record give (returned, to be saved once the case has its id).</summary>
    private async Task<IReadOnlyList<CaseProof>> PrefillAndProveAsync(Case c, CancellationToken ct)
    {
        var setup = await setups.GetAsync(c.ServiceItemId, ct);
        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        var facts = await factsReader.ReadAsync(c.ApplicantSubject, answers, ct);
        return CaseProofs.Prepare(c, setup?.Proofs ?? new ProofsDefinition(), facts, clock.GetUtcNow());
    }

    /// <summary>A new draft case (not yet added to the context) for a published, not suspended item.</summary>
    private async Task<Outcome<Case>> NewDraftAsync(CaseActor actor, long itemId, CancellationToken ct)
    {
        if (actor.ApplicantSubject is not { } applicant)
        {
            return CaseFailures.Forbidden("cases.sign_in_as_applicant");
        }

        var item = await catalog.SnapshotAsync(itemId, ct);
        if (item == null)
        {
            return CaseFailures.NotFound("cases.item_not_published", "cases.item_not_found_not_published");
        }

        if (item.Suspended)
        {
            return CaseFailures.Conflict("cases.item_suspended_takes_no_applications", item.SuspensionReason);
        }

        var setup = (await setups.GetAsync(itemId, ct))!;
        var now = clock.GetUtcNow();
        var c = new Case
        {
            ServiceItemId = itemId,
            ItemVersion = item.Version,
            ItemName = item.Name,
            DepartmentId = item.DepartmentId,
            DepartmentName = item.DepartmentName,
            RegionCode = item.RegionCode,
            ApplicantSubject = applicant,
            SubmittedBy = actor.Subject,
            ApplicantName = actor.Name,
            Status = CaseStatus.Draft,
            FormJson = setup.Form.ToJson(),
            ProcessJson = setup.Process.ToJson(),
            MaterialsJson = RequiredMaterial.ToJson(item.Materials.Select(m => new RequiredMaterial(m.Name, m.Required, m.Form, m.Note))),
            StatutoryDays = item.StatutoryDays,
            PromisedDays = item.PromisedDays,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return c;
    }

    /// <summary>The applicant's own case (draft or submitted), tracked for changes; null for anyone else's.</summary>
    public Task<Case?> OwnAsync(CaseActor actor, long id, CancellationToken ct) =>
        db.Cases.FirstOrDefaultAsync(c => c.Id == id && c.ApplicantSubject == actor.ApplicantSubject, ct);

    /// <summary>Saves answers and delivery choice without validating completeness (a draft may be half filled).</summary>
    public async Task<Outcome<Case>> SaveDraftAsync(CaseActor actor, long id, ApplicationInput input, CancellationToken ct)
    {
        var c = await OwnAsync(actor, id, ct);
        if (c == null)
        {
            return CaseFailures.NotFound();
        }

        if (c.Status is not (CaseStatus.Draft or CaseStatus.CorrectionStarted))
        {
            return CaseFailures.Conflict("cases.submitted_application_can_no_longer");
        }

        var problem = ApplyInput(c, input, english: false);
        if (problem != null)
        {
            return problem;
        }

        CaseProofs.KeepMarksOfUnchangedAnswers(c);
        c.UpdatedAt = clock.GetUtcNow();
        c.Revision++;
        return await SaveAsync(c, ct);
    }

    public async Task<Outcome<CaseMaterial>> AttachAsync(CaseActor actor, long id, MaterialInput input, CancellationToken ct)
    {
        var c = await OwnAsync(actor, id, ct);
        if (c == null)
        {
            return CaseFailures.NotFound();
        }

        if (c.Status is not (CaseStatus.Draft or CaseStatus.CorrectionStarted))
        {
            return CaseFailures.Conflict("cases.materials_can_added_drafts_corrections");
        }

        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        if (input.MaterialIndex < 0 || input.MaterialIndex >= materials.Count)
        {
            return CaseFailures.Invalid("materialIndex", "cases.no_such_material_in_list");
        }

        if (input.Note is { Length: > 500 })
        {
            return CaseFailures.Invalid("note", "cases.note_at_most_500_characters");
        }

        var file = (await files.FindAsync([input.FileId], ct)).FirstOrDefault();
        if (file == null || file.OwnerSubject != c.ApplicantSubject)
        {
            return CaseFailures.Invalid("fileId", "cases.no_such_file_in_your");
        }

        var count = await db.Materials.CountAsync(m => m.CaseId == c.Id && m.MaterialIndex == input.MaterialIndex && !m.Superseded, ct);
        if (count >= MaxAttachmentsPerMaterial)
        {
            return CaseFailures.Invalid("fileId", "cases.at_most_0_files_per", MaxAttachmentsPerMaterial);
        }

        var material = NewMaterial(c.Id, input, materials[input.MaterialIndex].Name, file, clock.GetUtcNow());
        db.Materials.Add(material);
        c.UpdatedAt = material.AddedAt;
        c.Revision++;
        var saved = await SaveAsync(c, ct);
        return saved.Succeeded ? material : saved.Failure!;
    }

    public async Task<Outcome<bool>> DetachAsync(CaseActor actor, long id, long materialId, CancellationToken ct)
    {
        var c = await OwnAsync(actor, id, ct);
        if (c == null)
        {
            return CaseFailures.NotFound();
        }

        if (c.Status is not (CaseStatus.Draft or CaseStatus.CorrectionStarted))
        {
            return CaseFailures.Conflict("cases.submitted_materials_cannot_removed");
        }

        var material = await db.Materials.FirstOrDefaultAsync(m => m.Id == materialId && m.CaseId == c.Id && !m.Superseded, ct);
        if (material == null)
        {
            return CaseFailures.NotFoundOf("cases.material_not_found");
        }

        // Files submitted earlier stay on record (superseded); a draft's own attachments are simply removed.
        if (c.Status == CaseStatus.Draft || await IsAddedDuringCurrentCorrectionAsync(c, material, ct))
        {
            db.Materials.Remove(material);
        }
        else
        {
            material.Superseded = true;
        }

        c.UpdatedAt = clock.GetUtcNow();
        c.Revision++;
        var saved = await SaveAsync(c, ct);
        return saved.Succeeded ? true : saved.Failure!;
    }

    /// <summary>Submits a draft. Idempotent: submitting a case that is already submitted returns it unchanged.</summary>
    public async Task<Outcome<Case>> SubmitAsync(CaseActor actor, long id, bool english, CancellationToken ct)
    {
        var c = await OwnAsync(actor, id, ct);
        if (c == null)
        {
            return CaseFailures.NotFound();
        }

        if (c.Status != CaseStatus.Draft)
        {
            return c;
        }

        return await SubmitLoadedAsync(actor, c, english, ct);
    }

    /// <summary>The one-call API (scripts, apps): the same <paramref name="key"/> from the same applicant returns the
    /// first case instead of a second one. Everything is checked first, then the case, its materials, history, notification,
    /// audit entry and outbox event are written in one transaction (one commit), so a refused request writes nothing.</summary>
    public async Task<Outcome<(Case Case, bool Created)>> CreateAndSubmitAsync(CaseActor actor, long itemId, ApplicationInput input, string key, CancellationToken ct)
    {
        if (actor.ApplicantSubject is { } applicant && await ExistingByKeyAsync(applicant, key, ct) is { } existing)
        {
            return (existing, false);
        }

        var draft = await NewDraftAsync(actor, itemId, ct);
        if (!draft.Succeeded)
        {
            return draft.Failure!;
        }

        var c = draft.Value!;
        var problem = ApplyInput(c, input, english: false);
        var found = problem == null ? await PrefillAndProveAsync(c, ct) : [];
        var attachments = new List<(MaterialInput Input, string Name, StoredFile File)>();
        if (problem == null)
        {
            problem = await CheckAttachmentsAsync(c, input.Materials ?? [], attachments, ct);
        }

        var provided = attachments.Select(a => a.Input.MaterialIndex).Concat(found.Select(p => p.MaterialIndex)).ToHashSet();
        problem ??= CheckComplete(c, provided, english: false);
        if (problem != null)
        {
            return problem;
        }

        c.SubmissionKey = key;
        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        var days = await calendar.CurrentAsync(ct);
        var (decision, plan) = await InstantAsync(c, provided, ct);
        var result = await CaseTransactions.CommitAsync(db, c, recorder, EventOf(decision), ActorOf(decision, actor), null, ct, prepare: async () =>
        {
            // The draft row first: the case number is made from its id.
            db.Cases.Add(c);
            await db.SaveChangesAsync(ct);
            foreach (var (material, name, file) in attachments)
            {
                db.Materials.Add(NewMaterial(c.Id, material, name, file, now));
            }

            foreach (var proof in found)
            {
                proof.CaseId = c.Id;
                db.Proofs.Add(proof);
            }

            MarkSubmitted(c, recorder, actor, days, now);
            await DecideInstantlyAsync(c, decision, plan, recorder, actor, days, now, ct);
        });
        if (result.Succeeded)
        {
            await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
            return (result.Value!, true);
        }

        // Two identical requests racing: the loser hits the unique (applicant, key) index and returns the winner's case.
        return await ExistingByKeyAsync(actor.ApplicantSubject!, key, ct) is { } winner ? (winner, false) : result.Failure!;
    }

    public async Task<Outcome<Case>> WithdrawAsync(CaseActor actor, long id, string? reason, CancellationToken ct)
    {
        var c = await OwnAsync(actor, id, ct);
        if (c == null)
        {
            return CaseFailures.NotFound();
        }

        if (!CaseStatus.CanWithdraw(c.Status) || c.Decision != null)
        {
            return CaseFailures.Conflict("cases.not_withdrawable");
        }

        if (reason is { Length: > 500 })
        {
            return CaseFailures.Invalid("reason", "cases.at_most_500_characters");
        }

        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        c.Status = c.AcceptedOn == null ? CaseStatus.Withdrawn : CaseStatus.WithdrawnAfterAcceptance;
        c.ClosedAt = now;
        c.DueOn = null;
        c.PromisedDueOn = null;
        c.UpdatedAt = now;
        c.Revision++;
        await db.Tasks.Where(t => t.CaseId == c.Id && t.State == TaskStates.Open).ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TaskStates.Cancelled), ct);
        recorder.History(c, "withdrawn", actor, CaseText.Stored("cases.applicant"), reason);
        recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）已撤回。");
        return await CommitAsync(c, recorder, "case.withdrawn", actor, new { reason }, ct);
    }

    /// <summary>The applicant answers a correction notice: the listed fields and materials have been fixed. Before
    /// acceptance the case returns to the acceptance desk; after acceptance the clock runs again.</summary>
    public async Task<Outcome<Case>> SubmitCorrectionAsync(CaseActor actor, long id, bool english, CancellationToken ct)
    {
        var c = await OwnAsync(actor, id, ct);
        if (c == null)
        {
            return CaseFailures.NotFound();
        }

        if (c.Status != CaseStatus.CorrectionStarted)
        {
            return c.Status == CaseStatus.CorrectionEnded || c.Status == CaseStatus.InProcess ? c : CaseFailures.Conflict("cases.nothing_correct");
        }

        var problem = await CheckCompleteAsync(c, english, ct);
        if (problem != null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var days = await calendar.CurrentAsync(ct);
        var notice = await db.Notices.Where(n => n.CaseId == c.Id && n.Kind == "correction" && n.AnsweredAt == null).OrderByDescending(n => n.Id).FirstOrDefaultAsync(ct);
        if (notice != null)
        {
            notice.AnsweredAt = now;
        }

        var recorder = new CaseRecorder(db, now);
        recorder.History(c, "corrected", actor, CaseText.Stored("cases.applicant"), null, status: CaseStatus.CorrectionEnded);
        if (c.AcceptedOn == null)
        {
            // Back at the desk: a new 5-working-day window to accept, refuse or ask again.
            c.Status = CaseStatus.CorrectionEnded;
            c.AcceptanceDueOn = days.AddWorkingDays(today, CaseClock.AcceptanceDays);
        }
        else
        {
            CaseClock.Resume(c, today, days);
            c.Status = CaseStatus.InProcess;
        }

        c.UpdatedAt = now;
        c.Revision++;
        return await CommitAsync(c, recorder, "case.corrected", actor, null, ct);
    }

    private async Task<Outcome<Case>> SubmitLoadedAsync(CaseActor actor, Case c, bool english, CancellationToken ct)
    {
        var item = await catalog.SnapshotAsync(c.ServiceItemId, ct);
        if (item == null || item.Suspended)
        {
            return CaseFailures.Conflict("cases.item_suspended_withdrawn_takes_no");
        }

        // Every licence relied on is checked again now: one revoked or expired since the draft started proves nothing.
        var problem = await proofs.ReverifyAsync(c, english, ct) ?? await CheckCompleteAsync(c, english, ct);
        if (problem != null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        var days = await calendar.CurrentAsync(ct);
        var recorder = new CaseRecorder(db, now);
        var provided = (await AttachedAsync(c.Id, ct)).Union(await proofs.ProvenAsync(c.Id, ct)).ToHashSet();
        var (decision, plan) = await InstantAsync(c, provided, ct);
        var result = await CaseTransactions.CommitAsync(db, c, recorder, EventOf(decision), ActorOf(decision, actor), null, ct, prepare: async () =>
        {
            MarkSubmitted(c, recorder, actor, days, now);
            await DecideInstantlyAsync(c, decision, plan, recorder, actor, days, now, ct);
        });
        if (result.Succeeded)
        {
            await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
        }

        return result;
    }

    /// <summary>秒批: the machine's decision (null for items decided by people) and, when it approves, the result licence
    /// to issue — both read before the transaction opens.</summary>
    private async Task<(AutoDecision? Decision, ResultLicencePlan? Plan)> InstantAsync(Case c, ISet<int> provided, CancellationToken ct)
    {
        var setup = await setups.GetAsync(c.ServiceItemId, ct);
        var decision = await instant.EvaluateAsync(c, setup?.Instant, provided, ct);
        var plan = decision?.Outcome == AutoDecision.Approved ? await results.PlanAsync(c, ct) : null;
        return (decision, plan);
    }

    /// <summary>The approval is the machine's act, not the applicant's (audit and events say so).</summary>
    private static CaseActor ActorOf(AutoDecision? decision, CaseActor applicant) => decision?.Outcome == AutoDecision.Approved ? InstantApproval.Machine : applicant;

    private static string EventOf(AutoDecision? decision) => decision?.Outcome == AutoDecision.Approved ? "case.auto_approved" : "case.submitted";

    /// <summary>Inside the submission's transaction: approve and close with the result licence, or record why not.</summary>
    private async Task DecideInstantlyAsync(Case c, AutoDecision? decision, ResultLicencePlan? plan, CaseRecorder recorder, CaseActor actor, WorkingDays days, DateTimeOffset now, CancellationToken ct)
    {
        if (decision == null)
        {
            return;
        }

        if (decision.Outcome != AutoDecision.Approved)
        {
            InstantApproval.Refer(c, decision, recorder);
            return;
        }

        // The submission itself is an event of its own for department systems; the approval follows.
        await db.SaveChangesAsync(ct);
        await recorder.PublishAsync(c, "case.submitted", actor, null, null, ct);
        InstantApproval.Approve(db, c, decision, recorder, days, ChinaTime.Today(clock), now);
        if (plan != null)
        {
            await results.IssueWithinAsync(db, c, plan, recorder, actor, ct);
        }
    }

    private async Task<HashSet<int>> AttachedAsync(long caseId, CancellationToken ct) =>
        (await db.Materials.Where(m => m.CaseId == caseId && !m.Superseded).Select(m => m.MaterialIndex).ToListAsync(ct)).ToHashSet();

    /// <summary>Number, query code, acceptance deadline, the history line and the applicant's notification.</summary>
    private void MarkSubmitted(Case c, CaseRecorder recorder, CaseActor actor, WorkingDays days, DateTimeOffset now)
    {
        var today = ChinaTime.Today(clock);
        c.Status = CaseStatus.Submitted;
        c.SubmittedAt = now;
        c.Number = CaseNumbers.Number(c.RegionCode, today, c.Id);
        c.QueryCode = CaseNumbers.NewQueryCode();
        c.AcceptanceDueOn = days.AddWorkingDays(today, CaseClock.AcceptanceDays);
        c.UpdatedAt = now;
        c.Revision++;
        recorder.History(c, "submitted", actor, CaseText.Stored("cases.online"), null);
        recorder.Notify(c, $"您申请的“{c.ItemName}”已提交，办件编号 {c.Number}，查询码 {c.QueryCode}。");
    }

    /// <summary>Uploaded materials and those a licence, registry record or commitment stands for count as provided.</summary>
    private async Task<Failure?> CheckCompleteAsync(Case c, bool english, CancellationToken ct) =>
        CheckComplete(c, (await AttachedAsync(c.Id, ct)).Union(await proofs.ProvenAsync(c.Id, ct)).ToHashSet(), english);

    private static Failure? CheckComplete(Case c, HashSet<int> attached, bool english)
    {
        var form = FormDefinition.FromJson(c.FormJson);
        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        var (_, errors) = form.Validate(answers, english);
        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        foreach (var (material, index) in materials.Select((m, i) => (m, i)))
        {
            if (material.Required && material.Uploadable && !attached.Contains(index))
            {
                errors[$"materials[{index}]"] = [english ? $"Please upload: {material.Name}." : $"请上传{material.Name}。"];
            }
        }

        if (c.DeliveryMethod == DeliveryMethods.Post && string.IsNullOrWhiteSpace(c.DeliveryAddress))
        {
            errors["deliveryAddress"] = [english ? "Enter the postal address." : "请填写邮寄地址。"];
        }

        return errors.Count > 0 ? CaseFailures.Invalid(errors) : null;
    }

    private static Failure? ApplyInput(Case c, ApplicationInput input, bool english)
    {
        var errors = new Dictionary<string, string[]>();
        var form = FormDefinition.FromJson(c.FormJson);
        var known = form.AllFields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in input.Answers)
        {
            if (!known.TryGetValue(key, out var field))
            {
                continue;
            }

            var max = field.MaxLength ?? (field.Type == "textarea" ? 2000 : 200);
            if (value is { } v && v.Length > max)
            {
                errors[key] = [english ? $"At most {max} characters." : $"最多 {max} 个字。"];
                continue;
            }

            answers[key] = value?.Trim();
        }

        var method = string.IsNullOrEmpty(input.DeliveryMethod) ? c.DeliveryMethod : input.DeliveryMethod;
        if (!DeliveryMethods.All.Contains(method))
        {
            errors["deliveryMethod"] = [CaseText.T("cases.choose_how_receive_result")];
        }

        if (input.DeliveryAddress is { Length: > 300 })
        {
            errors["deliveryAddress"] = [CaseText.T("cases.at_most_300_characters")];
        }

        if (errors.Count > 0)
        {
            return CaseFailures.Invalid(errors);
        }

        c.AnswersJson = JsonSerializer.Serialize(answers, CaseJson.Options);
        c.DeliveryMethod = method;
        // An update that leaves the delivery out keeps the address already given.
        c.DeliveryAddress = method == DeliveryMethods.Post ? (input.DeliveryAddress ?? c.DeliveryAddress)?.Trim() : null;
        return null;
    }

    /// <summary>Checks the attachments of a one-call application (materials in the list, files of the applicant) and
    /// collects them in <paramref name="accepted"/>; nothing is written.</summary>
    private async Task<Failure?> CheckAttachmentsAsync(Case c, IReadOnlyList<MaterialInput> inputs, List<(MaterialInput Input, string Name, StoredFile File)> accepted, CancellationToken ct)
    {
        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        var found = inputs.Count == 0 ? [] : (await files.FindAsync(inputs.Select(i => i.FileId).Distinct().ToList(), ct)).ToDictionary(f => f.Id);
        var errors = new Dictionary<string, string[]>();
        foreach (var (input, i) in inputs.Select((m, i) => (m, i)))
        {
            if (input.MaterialIndex < 0 || input.MaterialIndex >= materials.Count)
            {
                errors[$"materials[{i}].materialIndex"] = [CaseText.T("cases.no_such_material_in_list")];
            }
            else if (!found.TryGetValue(input.FileId, out var file) || file.OwnerSubject != c.ApplicantSubject)
            {
                errors[$"materials[{i}].fileId"] = [CaseText.T("cases.no_such_file_in_your_2")];
            }
            else if (input.Note is { Length: > 500 })
            {
                errors[$"materials[{i}].note"] = [CaseText.T("cases.at_most_500_characters_2")];
            }
            else
            {
                accepted.Add((input, materials[input.MaterialIndex].Name, file));
            }
        }

        return errors.Count > 0 ? CaseFailures.Invalid(errors) : null;
    }

    private Task<Case?> ExistingByKeyAsync(string applicant, string key, CancellationToken ct) =>
        db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicantSubject == applicant && c.SubmissionKey == key && c.Status != CaseStatus.Draft, ct);

    private async Task<bool> IsAddedDuringCurrentCorrectionAsync(Case c, CaseMaterial material, CancellationToken ct)
    {
        var since = await db.Notices.Where(n => n.CaseId == c.Id && n.Kind == "correction").MaxAsync(n => (DateTimeOffset?)n.IssuedAt, ct);
        return since != null && material.AddedAt >= since;
    }

    private static CaseMaterial NewMaterial(long caseId, MaterialInput input, string name, StoredFile file, DateTimeOffset now) => new()
    {
        CaseId = caseId, MaterialIndex = input.MaterialIndex, MaterialName = name, FileId = file.Id, FileName = file.FileName,
        MediaType = file.MediaType, Length = file.Length, Sha256 = file.Sha256, Note = input.Note?.Trim(), AddedAt = now,
    };

    private async Task<Outcome<Case>> SaveAsync(Case c, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return c;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CaseFailures.Stale();
        }
    }

    private async Task<Outcome<Case>> CommitAsync(Case c, CaseRecorder recorder, string eventType, CaseActor actor, object? extra, CancellationToken ct)
    {
        var result = await CaseTransactions.CommitAsync(db, c, recorder, eventType, actor, extra, ct);
        if (result.Succeeded)
        {
            await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
        }

        return result;
    }
}
