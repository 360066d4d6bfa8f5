using OneWindow.Shared.Results;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Handling;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Catalog;
using OneWindow.Shared.Data;
using OneWindow.Shared.Events;
using OneWindow.Shared.Files;
using OneWindow.Shared.Messaging;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.Bundles;

/// <summary>What an applicant sends for a life event: merged answers, one delivery choice, files for merged materials.</summary>
public sealed record BundleInput(IReadOnlyDictionary<string, string?> Answers, string? DeliveryMethod, string? DeliveryAddress, IReadOnlyList<MaterialInput>? Materials = null);

/// <summary>
/// 一件事一次办: plans a life event against the catalogue, keeps the applicant's bundle draft, and submits it as one case
/// per item in ONE transaction (every case with its history, notification, audit entry and outbox event, the shared
/// materials attached to each case that asks for them); a refused submission writes nothing. Also the one delivery.
/// </summary>
public sealed class LifeEvents(
    CasesDbContext db,
    IPublishedItems catalog,
    IOrganisationDirectory organisation,
    ItemSetups setups,
    Applications applications,
    CaseHandling handling,
    IFileLibrary files,
    IWorkingCalendar calendar,
    IApplicantMessenger messenger,
    ResultLicences results,
    TimeProvider clock)
{
    /// <summary>The event resolved against the catalogue now; null for an unknown key.</summary>
    public async Task<LifeEventPlan?> PlanAsync(string key, CancellationToken ct)
    {
        var definition = LifeEventCatalogue.Find(key);
        if (definition == null)
        {
            return null;
        }

        var found = await catalog.PublishedIdsByNameAsync(definition.Items.Select(i => i.Name).ToList(), ct);
        var items = new List<PlannedItem>();
        string? unavailable = null;
        foreach (var reference in definition.Items)
        {
            var id = found.Where(f => f.DepartmentKey == reference.Department && f.Name == reference.Name).Select(f => (long?)f.Id).FirstOrDefault();
            var item = id is { } itemId ? await catalog.SnapshotAsync(itemId, ct) : null;
            var setup = id is { } setupId ? await setups.GetAsync(setupId, ct) : null;
            if (item == null || setup == null)
            {
                unavailable ??= CaseText.T("cases.item_0_not_published_so", reference.Name);
                continue;
            }

            if (item.Suspended)
            {
                unavailable ??= CaseText.T("cases.item_0_suspended_so_life", reference.Name, item.SuspensionReason);
            }

            items.Add(new PlannedItem(items.Count, item.Id, item.Name, item.DepartmentId, item.DepartmentName, item.RegionCode, setup.Form,
                item.Materials.Select(m => new RequiredMaterial(m.Name, m.Required, m.Form, m.Note)).ToList()));
        }

        return LifeEventPlan.Build(definition, items, unavailable);
    }

    /// <summary>The applicant's bundle (draft or submitted), tracked; null for anyone else's.</summary>
    public Task<Bundle?> OwnAsync(CaseActor actor, long id, CancellationToken ct) =>
        db.Bundles.FirstOrDefaultAsync(b => b.Id == id && b.ApplicantSubject == actor.ApplicantSubject, ct);

    /// <summary>The applicant's newest draft of this event, if any.</summary>
    public Task<Bundle?> DraftAsync(CaseActor actor, string key, CancellationToken ct) =>
        db.Bundles.Where(b => b.ApplicantSubject == actor.ApplicantSubject && b.EventKey == key && b.State == BundleStates.Draft)
            .OrderByDescending(b => b.Id).FirstOrDefaultAsync(ct);

    /// <summary>Saves the merged answers, delivery choice and chosen files without checking completeness.</summary>
    public async Task<Outcome<Bundle>> SaveDraftAsync(CaseActor actor, LifeEventPlan plan, long? draftId, BundleInput input, CancellationToken ct)
    {
        if (actor.ApplicantSubject is not { } applicant)
        {
            return CaseFailures.Forbidden("cases.sign_in_as_applicant");
        }

        var now = clock.GetUtcNow();
        var bundle = draftId is { } id ? await OwnAsync(actor, id, ct) : null;
        if (draftId != null && bundle == null)
        {
            return CaseFailures.NotFound();
        }

        if (bundle is { State: not BundleStates.Draft })
        {
            return CaseFailures.Conflict("cases.application_was_already_submitted_2");
        }

        var errors = CheckShape(plan, input);
        if (errors.Count > 0)
        {
            return CaseFailures.Invalid(errors);
        }

        if (bundle == null)
        {
            bundle = new Bundle { ApplicantSubject = applicant, EventKey = plan.Definition.Key, EventName = plan.Definition.Name, CreatedAt = now };
            db.Bundles.Add(bundle);
        }

        var attachments = JsonSerializer.Deserialize<List<BundleAttachment>>(bundle.AttachmentsJson, CaseJson.Options) ?? [];
        if (input.Materials is { Count: > 0 } chosen)
        {
            var found = (await files.FindAsync(chosen.Select(m => m.FileId).Distinct().ToList(), ct)).Where(f => f.OwnerSubject == applicant).ToDictionary(f => f.Id);
            foreach (var m in chosen)
            {
                if (!found.TryGetValue(m.FileId, out var file))
                {
                    return CaseFailures.Invalid($"materials[{m.MaterialIndex}]", "cases.no_such_file_in_your");
                }

                attachments.RemoveAll(a => a.MaterialIndex == m.MaterialIndex && a.FileId == m.FileId);
                attachments.Add(new BundleAttachment(m.MaterialIndex, file.Id, file.FileName, m.Note?.Trim()));
            }
        }

        bundle.SubmittedBy = actor.Subject;
        bundle.ApplicantName = actor.Name;
        bundle.AnswersJson = JsonSerializer.Serialize(Clean(input.Answers), CaseJson.Options);
        bundle.AttachmentsJson = JsonSerializer.Serialize(attachments, CaseJson.Options);
        bundle.DeliveryMethod = string.IsNullOrEmpty(input.DeliveryMethod) ? bundle.DeliveryMethod : input.DeliveryMethod;
        bundle.DeliveryAddress = bundle.DeliveryMethod == DeliveryMethods.Post ? (input.DeliveryAddress ?? bundle.DeliveryAddress)?.Trim() : null;
        bundle.UpdatedAt = now;
        bundle.Revision++;
        try
        {
            await db.SaveChangesAsync(ct);
            return bundle;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CaseFailures.Stale();
        }
    }

    /// <summary>Removes a chosen file from a draft.</summary>
    public async Task<Outcome<Bundle>> RemoveAttachmentAsync(CaseActor actor, long draftId, int materialIndex, long fileId, CancellationToken ct)
    {
        var bundle = await OwnAsync(actor, draftId, ct);
        if (bundle is not { State: BundleStates.Draft })
        {
            return CaseFailures.NotFound();
        }

        var attachments = JsonSerializer.Deserialize<List<BundleAttachment>>(bundle.AttachmentsJson, CaseJson.Options) ?? [];
        attachments.RemoveAll(a => a.MaterialIndex == materialIndex && a.FileId == fileId);
        bundle.AttachmentsJson = JsonSerializer.Serialize(attachments, CaseJson.Options);
        bundle.Revision++;
        await db.SaveChangesAsync(ct);
        return bundle;
    }

    /// <summary>Submits a saved draft (pages). Submitting an already submitted draft returns it unchanged.</summary>
    public async Task<Outcome<(Bundle Bundle, bool Created)>> SubmitDraftAsync(CaseActor actor, long draftId, bool english, CancellationToken ct)
    {
        var bundle = await OwnAsync(actor, draftId, ct);
        if (bundle == null)
        {
            return CaseFailures.NotFound();
        }

        if (bundle.State != BundleStates.Draft)
        {
            return (bundle, false);
        }

        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(bundle.AnswersJson, CaseJson.Options) ?? [];
        var attachments = JsonSerializer.Deserialize<List<BundleAttachment>>(bundle.AttachmentsJson, CaseJson.Options) ?? [];
        var input = new BundleInput(answers, bundle.DeliveryMethod, bundle.DeliveryAddress, attachments.Select(a => new MaterialInput(a.MaterialIndex, a.FileId, a.Note)).ToList());
        return await SubmitAsync(actor, bundle.EventKey, input, "draft:" + bundle.Id.ToString(CultureInfo.InvariantCulture), bundle, english, ct);
    }

    /// <summary>The one-call API: the same key from the same applicant returns the first bundle.</summary>
    public Task<Outcome<(Bundle Bundle, bool Created)>> CreateAndSubmitAsync(CaseActor actor, string key, BundleInput input, string idempotencyKey, bool english, CancellationToken ct) =>
        SubmitAsync(actor, key, input, idempotencyKey, null, english, ct);

    private async Task<Outcome<(Bundle Bundle, bool Created)>> SubmitAsync(CaseActor actor, string key, BundleInput input, string submissionKey, Bundle? draft, bool english, CancellationToken ct)
    {
        if (actor.ApplicantSubject is not { } applicant)
        {
            return CaseFailures.Forbidden("cases.sign_in_as_applicant");
        }

        if (await ExistingAsync(applicant, submissionKey, ct) is { } existing)
        {
            return (existing, false);
        }

        var plan = await PlanAsync(key, ct);
        if (plan == null)
        {
            return CaseFailures.NotFound("cases.no_such_life_event", "cases.life_event_not_found");
        }

        if (plan.Unavailable != null)
        {
            return CaseFailures.ConflictWith("cases.life_event_unavailable", plan.Unavailable);
        }

        // 1. Everything is checked before anything is written.
        var errors = CheckShape(plan, input);
        var (clean, formErrors) = plan.Form.Validate(input.Answers, english);
        foreach (var (k, v) in formErrors)
        {
            errors.TryAdd(k, v);
        }

        var chosen = input.Materials ?? [];
        var found = chosen.Count == 0 ? [] : (await files.FindAsync(chosen.Select(m => m.FileId).Distinct().ToList(), ct)).Where(f => f.OwnerSubject == applicant).ToDictionary(f => f.Id);
        foreach (var m in chosen.Where(m => !found.ContainsKey(m.FileId)))
        {
            errors.TryAdd($"materials[{m.MaterialIndex}]", [CaseText.T("cases.no_such_file_in_your")]);
        }

        var merged = clean.ToDictionary(x => x.Key, x => (string?)x.Value, StringComparer.Ordinal);
        var cases = new List<(PlannedItem Item, Case Case, List<(int Index, string Name, StoredFile File, string? Note)> Files)>();
        foreach (var item in plan.Items)
        {
            var draftCase = await applications.BundleDraftAsync(actor, item.ItemId, ct);
            if (!draftCase.Succeeded)
            {
                return draftCase.Failure! with { Detail = $"“{item.Name}”：{draftCase.Failure!.Detail}" };
            }

            var c = draftCase.Value!;
            var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
            var attach = new List<(int, string, StoredFile, string?)>();
            foreach (var m in chosen.Where(m => found.ContainsKey(m.FileId) && m.MaterialIndex >= 0 && m.MaterialIndex < plan.Materials.Count))
            {
                foreach (var use in plan.Materials[m.MaterialIndex].Uses.Where(u => u.Item == item.Index && u.Material < materials.Count && materials[u.Material].Uploadable))
                {
                    attach.Add((use.Material, materials[use.Material].Name, found[m.FileId], m.Note?.Trim()));
                }
            }

            var problem = Applications.BundleApplyInput(c, new ApplicationInput(plan.AnswersFor(item, merged), input.DeliveryMethod, input.DeliveryAddress))
                ?? Applications.BundleCheckComplete(c, attach.Select(a => a.Item1).ToHashSet(), english);
            foreach (var (k, v) in problem?.Errors ?? new Dictionary<string, string[]>())
            {
                errors.TryAdd(plan.MergedErrorKey(item, k), v);
            }

            cases.Add((item, c, attach));
        }

        if (errors.Count > 0)
        {
            return CaseFailures.Invalid(errors);
        }

        // 2. One transaction: the bundle, then every case with its materials, history, notification, audit and event.
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        var days = await calendar.CurrentAsync(ct);
        var recorder = new CaseRecorder(db, now);
        var deliveredBy = await organisation.DepartmentByKeyAsync(plan.Definition.DeliveredBy, ct);
        var bundle = draft ?? new Bundle { ApplicantSubject = applicant, EventKey = plan.Definition.Key, CreatedAt = now };
        bundle.EventName = plan.Definition.Name;
        bundle.SubmittedBy = actor.Subject;
        bundle.ApplicantName = actor.Name;
        bundle.RegionCode = plan.Items[0].RegionCode;
        bundle.DeliveredByDepartmentId = deliveredBy?.Id ?? plan.Items[0].DepartmentId;
        bundle.State = BundleStates.Submitted;
        bundle.AnswersJson = JsonSerializer.Serialize(merged, CaseJson.Options);
        bundle.AttachmentsJson = "[]";
        bundle.DeliveryMethod = cases[0].Case.DeliveryMethod;
        bundle.DeliveryAddress = cases[0].Case.DeliveryAddress;
        bundle.SubmissionKey = submissionKey;
        bundle.SubmittedAt = now;
        bundle.UpdatedAt = now;
        bundle.Revision++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (draft == null)
            {
                db.Bundles.Add(bundle);
            }

            await db.SaveChangesAsync(ct);
            bundle.Number = "YJ" + bundle.RegionCode + today.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + bundle.Id.ToString("D10", CultureInfo.InvariantCulture);
            foreach (var (_, c, _) in cases)
            {
                c.BundleId = bundle.Id;
                db.Cases.Add(c);
            }

            await db.SaveChangesAsync(ct);
            foreach (var (_, c, attach) in cases)
            {
                foreach (var (index, name, file, note) in attach)
                {
                    db.Materials.Add(Applications.BundleMaterial(c.Id, index, name, file, note, now));
                }

                applications.BundleMarkSubmitted(c, recorder, actor, days, now);
                recorder.History(c, "bundle_submitted", actor, CaseText.Stored("cases.online"), $"{bundle.EventName} {bundle.Number}");
            }

            await db.SaveChangesAsync(ct);
            foreach (var (_, c, _) in cases)
            {
                await recorder.PublishAsync(c, "case.submitted", actor, null, new { bundleId = bundle.Id, bundleNumber = bundle.Number }, ct);
            }

            await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, null, "life_event.submitted", "life_event", bundle.Number,
                $"life_event.submitted {bundle.Number} {bundle.EventKey} cases {cases.Count}"), now, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueViolation.Is(e))
        {
            // A racing identical submission won (unique applicant + key) or the draft changed underneath: nothing written.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await ExistingAsync(applicant, submissionKey, ct) is { } winner ? (winner, false) : CaseFailures.Stale();
        }

        await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
        return (bundle, true);
    }

    /// <summary>A bundle with its cases for the applicant, or for staff who may read one of its cases.</summary>
    public async Task<BundleView?> ViewAsync(CaseActor actor, long id, CancellationToken ct)
    {
        var bundle = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.State == BundleStates.Submitted, ct);
        if (bundle == null)
        {
            return null;
        }

        var cases = await db.Cases.AsNoTracking().Where(c => c.BundleId == id).OrderBy(c => c.Id)
            .Select(c => new BundleCaseView(c.Id, c.Number, c.ItemName, c.DepartmentId, c.DepartmentName, c.RegionCode, c.Status, c.Decision, c.DecidedAt, c.ClosedAt, c.TrackingNumber))
            .ToListAsync(ct);
        var mine = actor.ApplicantSubject != null && actor.ApplicantSubject == bundle.ApplicantSubject;
        var staff = !mine && actor.IsStaff && (cases.Any(c => actor.MayRead(c.DepartmentId, c.RegionCode)) || (bundle.DeliveredByDepartmentId is { } lead && actor.MayRead(lead, bundle.RegionCode)));
        if (!mine && !staff)
        {
            return null;
        }

        var deliverer = actor.IsStaff && bundle.DeliveredByDepartmentId is { } d && actor.Scope.Reaches(StaffRoles.WindowOfficer, d, bundle.RegionCode);
        return new BundleView(bundle, cases, BundleView.OverallOf(bundle, cases), deliverer);
    }

    /// <summary>The applicant's submitted life events, newest first.</summary>
    public async Task<IReadOnlyList<BundleView>> MineAsync(CaseActor actor, int limit, CancellationToken ct)
    {
        var bundles = await db.Bundles.AsNoTracking().Where(b => b.ApplicantSubject == actor.ApplicantSubject && b.State == BundleStates.Submitted)
            .OrderByDescending(b => b.Id).Take(limit).ToListAsync(ct);
        var ids = bundles.Select(b => (long?)b.Id).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.BundleId)).OrderBy(c => c.Id)
            .Select(c => new { c.BundleId, View = new BundleCaseView(c.Id, c.Number, c.ItemName, c.DepartmentId, c.DepartmentName, c.RegionCode, c.Status, c.Decision, c.DecidedAt, c.ClosedAt, c.TrackingNumber) })
            .ToListAsync(ct);
        return bundles.Select(b =>
        {
            var own = cases.Where(c => c.BundleId == b.Id).Select(c => c.View).ToList();
            return new BundleView(b, own, BundleView.OverallOf(b, own), false);
        }).ToList();
    }

    /// <summary>Bundles the staff member's window delivers that are fully decided and not yet delivered, oldest first.</summary>
    public async Task<IReadOnlyList<Bundle>> ToDeliverAsync(CaseActor actor, int limit, CancellationToken ct) =>
        actor.DepartmentId is not { } department ? [] :
        await db.Bundles.AsNoTracking().Where(b => b.DeliveredByDepartmentId == department && b.DeliveredAt == null && b.DecidedAt != null)
            .OrderBy(b => b.Id).Take(limit).ToListAsync(ct);

    /// <summary>一次送达: the delivering window hands over (or posts with one tracking number) every result of the bundle at
    /// once; each case's delivery step is completed and the cases close, in one transaction.</summary>
    public async Task<Outcome<Bundle>> DeliverAsync(CaseActor actor, long id, string? trackingNumber, CancellationToken ct)
    {
        var bundle = await db.Bundles.FirstOrDefaultAsync(b => b.Id == id && b.State == BundleStates.Submitted, ct);
        if (bundle == null)
        {
            return CaseFailures.NotFoundOf("cases.life_event_not_found");
        }

        if (!actor.IsStaff || bundle.DeliveredByDepartmentId is not { } department || !actor.Scope.Reaches(StaffRoles.WindowOfficer, department, bundle.RegionCode))
        {
            return CaseFailures.Forbidden("cases.only_window_officers_lead_department");
        }

        if (bundle.DeliveredAt != null)
        {
            return CaseFailures.Conflict("cases.results_were_already_delivered");
        }

        if (bundle.DecidedAt == null)
        {
            return CaseFailures.Conflict("cases.some_items_not_decided_yet");
        }

        trackingNumber = trackingNumber?.Trim();
        if (bundle.DeliveryMethod == DeliveryMethods.Post && (string.IsNullOrEmpty(trackingNumber) || trackingNumber.Length > 60))
        {
            return CaseFailures.Invalid("trackingNumber", "cases.enter_tracking_number_for_postal");
        }

        var cases = await db.Cases.Where(c => c.BundleId == id).ToListAsync(ct);
        var caseIds = cases.Select(c => c.Id).ToList();
        var tasks = await db.Tasks.Where(t => caseIds.Contains(t.CaseId) && t.State == TaskStates.Open && t.StepKind == ProcessDefinition.KindDeliver).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var recorder = new CaseRecorder(db, now);
        var delivered = new List<Case>();
        foreach (var c in cases)
        {
            if (tasks.FirstOrDefault(t => t.CaseId == c.Id) is { } task)
            {
                await handling.DeliverInBundleAsync(actor, c, task, trackingNumber, bundle.Number!, recorder, ct);
                delivered.Add(c);
            }
        }

        // The result licences of the approved cases, planned before the transaction and issued inside it.
        var licences = new List<(Case Case, ResultLicencePlan Plan)>();
        foreach (var c in delivered.Where(c => c.Status == CaseStatus.ClosedApproved))
        {
            if (await results.PlanAsync(c, ct) is { } plan)
            {
                licences.Add((c, plan));
            }
        }

        bundle.TrackingNumber = bundle.DeliveryMethod == DeliveryMethods.Post ? trackingNumber : null;
        bundle.DeliveredAt = now;
        bundle.UpdatedAt = now;
        bundle.Revision++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            foreach (var (c, plan) in licences)
            {
                await results.IssueWithinAsync(db, c, plan, recorder, actor, ct);
            }

            await db.SaveChangesAsync(ct);
            foreach (var c in delivered)
            {
                await recorder.PublishAsync(c, "case.delivered", actor, null, new { method = c.DeliveryMethod, trackingNumber = c.TrackingNumber, bundleNumber = bundle.Number }, ct);
            }

            await AuditLog.AppendAsync(db, new AuditRecord(actor.Subject, actor.DepartmentId?.ToString(CultureInfo.InvariantCulture), "life_event.delivered", "life_event", bundle.Number!,
                $"life_event.delivered {bundle.Number} cases {delivered.Count}"), now, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return CaseFailures.Stale();
        }
        catch (CaseRefusedException e)
        {
            // A result licence could not be issued: no case of the bundle is delivered.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return e.Failure;
        }

        await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
        return bundle;
    }

    private Task<Bundle?> ExistingAsync(string applicant, string key, CancellationToken ct) =>
        db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.ApplicantSubject == applicant && b.SubmissionKey == key && b.State == BundleStates.Submitted, ct);

    /// <summary>Lengths, delivery method, material indexes: what even a draft must respect.</summary>
    private static Dictionary<string, string[]> CheckShape(LifeEventPlan plan, BundleInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in plan.Form.AllFields)
        {
            var max = field.MaxLength ?? (field.Type == "textarea" ? 2000 : 200);
            if (input.Answers.TryGetValue(field.Key, out var value) && value is { } v && v.Length > max)
            {
                errors[field.Key] = [CaseText.T("cases.at_most_0_characters", max)];
            }
        }

        if (!string.IsNullOrEmpty(input.DeliveryMethod) && !DeliveryMethods.All.Contains(input.DeliveryMethod))
        {
            errors["deliveryMethod"] = [CaseText.T("cases.choose_how_receive_result")];
        }

        if (input.DeliveryAddress is { Length: > 300 })
        {
            errors["deliveryAddress"] = [CaseText.T("cases.at_most_300_characters")];
        }

        foreach (var m in input.Materials ?? [])
        {
            if (m.MaterialIndex < 0 || m.MaterialIndex >= plan.Materials.Count || !plan.Materials[m.MaterialIndex].Uploadable)
            {
                errors[$"materials[{m.MaterialIndex}]"] = [CaseText.T("cases.no_such_material_upload")];
            }
            else if (m.Note is { Length: > 500 })
            {
                errors[$"materials[{m.MaterialIndex}]"] = [CaseText.T("cases.note_at_most_500_characters")];
            }
        }

        return errors;
    }

    private static Dictionary<string, string?> Clean(IReadOnlyDictionary<string, string?> answers) =>
        answers.Where(a => a.Key.Length <= 40).ToDictionary(a => a.Key, a => a.Value?.Trim(), StringComparer.Ordinal);
}
