using OneWindow.Shared.Results;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Licences;
using OneWindow.Shared.Messaging;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>Where a prefilled answer came from and the value it had (一键申报). When the applicant changes the answer
/// the mark is dropped: the value is then theirs.</summary>
public sealed record PrefillMark(string Source, string Value)
{
    public static Dictionary<string, PrefillMark> ListFrom(string? json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, PrefillMark>>(string.IsNullOrWhiteSpace(json) ? "{}" : json, CaseJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>
/// Certificate-free service on a case (免证办): prefilling the form from the registry and licences, materials proven by
/// the applicant's e-licences or registry record, licences the applicant presents by identifier, written commitments
/// (告知承诺制) and their later check (事后核查), and re-verification of every licence at submission.
/// </summary>
public sealed class CaseProofs(CasesDbContext db, ItemSetups setups, ApplicantFactsReader reader, IOrganisationDirectory organisation, IApplicantMessenger messenger, TimeProvider clock)
{
    public const string Confirmed = "confirmed";
    public const string False = "false";

    /// <summary>At draft start: fills empty fields that have a prefill source and returns the proofs the applicant's
    /// licences and registry record give (to be saved with the case). Self-declared applicants get nothing.</summary>
    public static IReadOnlyList<CaseProof> Prepare(Case c, ProofsDefinition definition, ApplicantFacts facts, DateTimeOffset now)
    {
        if (!facts.RealName)
        {
            return [];
        }

        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        var marks = PrefillMark.ListFrom(c.PrefilledJson);
        foreach (var field in FormDefinition.FromJson(c.FormJson).AllFields.Where(f => f.Prefill != null))
        {
            if (answers.TryGetValue(field.Key, out var existing) && !string.IsNullOrWhiteSpace(existing) || FactPath.Parse(field.Prefill, false, out _) is not { } path)
            {
                continue;
            }

            var read = facts.Read(path);
            if (read.Known && !string.IsNullOrWhiteSpace(read.Value))
            {
                var value = read.Value.Length > (field.MaxLength ?? 200) ? read.Value[..(field.MaxLength ?? 200)] : read.Value;
                answers[field.Key] = value;
                marks[field.Key] = new PrefillMark(read.Source ?? "", value);
            }
        }

        c.AnswersJson = JsonSerializer.Serialize(answers, CaseJson.Options);
        c.PrefilledJson = JsonSerializer.Serialize(marks, CaseJson.Options);

        var proofs = new List<CaseProof>();
        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        for (var index = 0; index < materials.Count; index++)
        {
            var rule = definition.For(index, materials);
            if (rule == null)
            {
                continue;
            }

            if (facts.Licences.FirstOrDefault(l => rule.ProvesByLicence(l.TypeCode, l.TypeName)) is { } licence)
            {
                proofs.Add(LicenceProof(c.Id, index, licence, now));
            }
            else if (rule.Registry is { } registry && facts.RecordOf(registry.Kind) is { } record && registry.Fields.All(record.Fields.ContainsKey))
            {
                proofs.Add(new CaseProof
                {
                    CaseId = c.Id, MaterialIndex = index, Kind = ProofKinds.Registry, RegistryFields = string.Join(",", registry.Fields),
                    SourceName = string.Join("、", registry.Fields.Select(f => record.Fields[f].SourceName).Distinct()),
                    VerifiedStatus = LicenceStatus.Valid, VerifiedAt = now,
                });
            }
        }

        return proofs;
    }

    /// <summary>Drops the marks of answers the applicant changed.</summary>
    public static void KeepMarksOfUnchangedAnswers(Case c)
    {
        var marks = PrefillMark.ListFrom(c.PrefilledJson);
        if (marks.Count == 0)
        {
            return;
        }

        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        var kept = marks.Where(m => answers.TryGetValue(m.Key, out var a) && a == m.Value.Value).ToDictionary(m => m.Key, m => m.Value);
        c.PrefilledJson = JsonSerializer.Serialize(kept, CaseJson.Options);
    }

    public Task<List<CaseProof>> OfAsync(long caseId, CancellationToken ct) =>
        db.Proofs.AsNoTracking().Where(p => p.CaseId == caseId).OrderBy(p => p.MaterialIndex).ThenBy(p => p.Id).ToListAsync(ct);

    /// <summary>Indexes of materials a proof or commitment stands for.</summary>
    public async Task<HashSet<int>> ProvenAsync(long caseId, CancellationToken ct) =>
        (await db.Proofs.Where(p => p.CaseId == caseId).Select(p => p.MaterialIndex).ToListAsync(ct)).ToHashSet();

    /// <summary>At submission: every licence proof is checked again. A licence revoked, suspended, expired or tampered
    /// with since the draft started no longer proves anything: its proof is removed (saved) and the applicant is told,
    /// next to the material, to hand it in. Returns null when every licence still holds.</summary>
    public async Task<Failure?> ReverifyAsync(Case c, bool english, CancellationToken ct)
    {
        var proofs = await db.Proofs.Where(p => p.CaseId == c.Id && p.Kind == ProofKinds.Licence).ToListAsync(ct);
        if (proofs.Count == 0)
        {
            return null;
        }

        var library = reader.Library;
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        foreach (var proof in proofs)
        {
            var check = library == null
                ? new LicenceCheck(LicenceStatus.NotFound, CaseText.T("cases.licence_library_not_available"), null)
                : await library.CheckAsync(proof.LicenceIdentifier ?? "", ct);
            if (check.IsValid)
            {
                proof.VerifiedStatus = check.Status;
                proof.VerifiedReason = null;
                proof.VerifiedAt = now;
                continue;
            }

            db.Proofs.Remove(proof);
            var name = proof.MaterialIndex < materials.Count ? materials[proof.MaterialIndex].Name : proof.LicenceTypeName;
            errors[$"materials[{proof.MaterialIndex}]"] = [english
                ? $"The e-licence {proof.LicenceTypeName} no longer proves “{name}” ({check.Status}: {check.Reason}). Please upload the material."
                : $"电子证照《{proof.LicenceTypeName}》已失效（{StatusLabel(check.Status)}），不能再免提交“{name}”，请上传该材料。"];
        }

        await db.SaveChangesAsync(ct);
        return errors.Count > 0 ? CaseFailures.Invalid(errors) : null;
    }

    /// <summary>The applicant presents a licence by identifier for a material (e.g. one shared with them): it must be
    /// valid now, held by the applicant (same code) and of a type that proves that material.</summary>
    public async Task<Outcome<CaseProof>> PresentLicenceAsync(CaseActor actor, long caseId, int materialIndex, string? identifier, CancellationToken ct)
    {
        var (c, rule, problem) = await EditableAsync(actor, caseId, materialIndex, ct);
        if (c == null)
        {
            return problem!;
        }

        if (rule == null || rule.Licence.Count == 0)
        {
            return CaseFailures.Invalid($"materials[{materialIndex}]", "cases.no_e_licence_replaces_material");
        }

        if (string.IsNullOrWhiteSpace(identifier) || identifier.Length > 120)
        {
            return CaseFailures.Invalid("identifier", "cases.enter_licence_identifier");
        }

        var profile = await reader.ProfileAsync(c.ApplicantSubject, ct);
        if (profile is not { IsRealName: true })
        {
            return CaseFailures.Forbidden("cases.verify_your_identity_use_e");
        }

        if (reader.Library is not { } library)
        {
            return CaseFailures.Unavailable("cases.licences_cannot_checked_now_upload", "cases.licence_library_unavailable");
        }

        var check = await library.CheckAsync(identifier.Trim(), ct);
        string? error = null;
        if (!check.IsValid || check.Licence == null)
        {
            error = $"该证照无效（{StatusLabel(check.Status)}）：{check.Reason}";
        }
        else if (check.Licence.HolderCode != profile.Code)
        {
            error = CaseText.T("cases.licence_does_not_belong_applicant");
        }
        else if (!rule.ProvesByLicence(check.Licence.TypeCode, check.Licence.TypeName))
        {
            error = CaseText.T("cases.licence_type_does_not_prove", check.Licence.TypeName, string.Join("、", rule.Licence));
        }

        if (error != null)
        {
            return CaseFailures.InvalidWith("identifier", "cases.licence_refused", error);
        }

        db.Proofs.RemoveRange(await db.Proofs.Where(p => p.CaseId == c.Id && p.MaterialIndex == materialIndex).ToListAsync(ct));
        var proof = LicenceProof(c.Id, materialIndex, check.Licence!, clock.GetUtcNow());
        db.Proofs.Add(proof);
        var saved = await SaveTouchingAsync(c, proof, ct);
        return saved.Succeeded ? proof : saved.Failure!;
    }

    /// <summary>告知承诺: the applicant signs (or withdraws) the item's commitment instead of handing the material in.</summary>
    public async Task<Outcome<CaseProof?>> CommitAsync(CaseActor actor, long caseId, int materialIndex, bool sign, CancellationToken ct)
    {
        var (c, rule, problem) = await EditableAsync(actor, caseId, materialIndex, ct);
        if (c == null)
        {
            return problem!;
        }

        if (rule?.Commitment is not { Length: > 0 } text)
        {
            return CaseFailures.Invalid($"materials[{materialIndex}]", "cases.no_commitment_replaces_material");
        }

        var existing = await db.Proofs.FirstOrDefaultAsync(p => p.CaseId == c.Id && p.MaterialIndex == materialIndex, ct);
        if (existing != null && existing.Kind != ProofKinds.Commitment)
        {
            return sign ? existing : CaseFailures.Conflict("cases.material_already_proven_by_e");
        }

        if (!sign)
        {
            if (existing != null)
            {
                db.Proofs.Remove(existing);
            }

            var removed = await SaveTouchingAsync(c, existing, ct);
            return removed.Succeeded ? new Outcome<CaseProof?>(null, null) : removed.Failure!;
        }

        if (existing != null)
        {
            return existing;
        }

        var proof = new CaseProof
        {
            CaseId = c.Id, MaterialIndex = materialIndex, Kind = ProofKinds.Commitment, CommitmentText = text, SourceName = CaseText.Stored("cases.applicant_s_commitment"),
            VerifiedStatus = "committed", VerifiedAt = clock.GetUtcNow(),
        };
        db.Proofs.Add(proof);
        var saved = await SaveTouchingAsync(c, proof, ct);
        return saved.Succeeded ? proof : saved.Failure!;
    }

    /// <summary>事后核查: staff record whether a commitment turned out true (confirmed) or false, with a note. A false
    /// commitment is flagged on the case for the refusal or revocation path (which stays a person's decision).</summary>
    public async Task<Outcome<Case>> CheckCommitmentAsync(CaseActor actor, long caseId, long proofId, string? result, string? note, CancellationToken ct)
    {
        if (result is not (Confirmed or False))
        {
            return CaseFailures.Invalid("result", "cases.choose_confirmed_false");
        }

        if (result == False && string.IsNullOrWhiteSpace(note) || note is { Length: > 1000 })
        {
            return CaseFailures.Invalid("note", "cases.describe_what_was_found_at");
        }

        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == caseId && x.Status != CaseStatus.Draft, ct);
        if (c == null || !actor.MayRead(c.DepartmentId, c.RegionCode))
        {
            return CaseFailures.NotFound();
        }

        if (!actor.MayAct(StaffRoles.WindowOfficer, c.DepartmentId, c.RegionCode) && !actor.MayAct(StaffRoles.Reviewer, c.DepartmentId, c.RegionCode))
        {
            return CaseFailures.Forbidden("cases.only_department_s_window_officers");
        }

        var proof = await db.Proofs.FirstOrDefaultAsync(p => p.Id == proofId && p.CaseId == c.Id && p.Kind == ProofKinds.Commitment, ct);
        if (proof == null)
        {
            return CaseFailures.NotFound("cases.no_such_commitment_on_case", "cases.commitment_not_found");
        }

        if (proof.CheckResult != null)
        {
            return CaseFailures.Conflict("cases.commitment_has_already_been_checked");
        }

        var now = clock.GetUtcNow();
        proof.CheckResult = result;
        proof.CheckNote = note?.Trim();
        proof.CheckedAt = now;
        proof.CheckedBy = actor.Name;
        var office = actor.DepartmentId is { } d && await organisation.DepartmentAsync(d, ct) is { } dept ? dept.Name : actor.Name;
        var material = RequiredMaterial.ListFrom(c.MaterialsJson) is var list && proof.MaterialIndex < list.Count ? list[proof.MaterialIndex].Name : "";
        var recorder = new CaseRecorder(db, now);
        recorder.History(c, "commitment_checked", actor, office,
            result == Confirmed ? $"告知承诺核查属实：{material}" : $"告知承诺核查不实：{material}。{proof.CheckNote}（请依法按不予许可或撤销程序处理）", isPublic: false);
        c.UpdatedAt = now;
        c.Revision++;
        var saved = await CaseTransactions.CommitAsync(db, c, recorder, "case.commitment_checked", actor, new { proofId, result }, ct);
        if (saved.Succeeded)
        {
            await CaseTransactions.SendMessagesAsync(messenger, recorder, ct);
        }

        return saved;
    }

    internal static CaseProof LicenceProof(long caseId, int index, HeldLicence licence, DateTimeOffset now) => new()
    {
        CaseId = caseId, MaterialIndex = index, Kind = ProofKinds.Licence, LicenceIdentifier = licence.Identifier, LicenceTypeName = licence.TypeName,
        LicenceNumber = licence.Number, SourceName = licence.IssuerName, VerifiedStatus = LicenceStatus.Valid, VerifiedAt = now,
    };

    public static string StatusLabel(string status) => status switch
    {
        LicenceStatus.Valid => "有效",
        LicenceStatus.Revoked => "已注销",
        LicenceStatus.Suspended => "已暂停",
        LicenceStatus.Expired => "已过期",
        LicenceStatus.Tampered => "已被篡改",
        LicenceStatus.NotFound => "查无此证",
        _ => status,
    };

    private async Task<(Case? Case, MaterialProofRule? Rule, Failure? Problem)> EditableAsync(CaseActor actor, long caseId, int materialIndex, CancellationToken ct)
    {
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == caseId && x.ApplicantSubject == actor.ApplicantSubject, ct);
        if (c == null)
        {
            return (null, null, CaseFailures.NotFound());
        }

        if (c.Status is not (CaseStatus.Draft or CaseStatus.CorrectionStarted))
        {
            return (null, null, CaseFailures.Conflict("cases.materials_change_on_drafts_corrections"));
        }

        var materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        if (materialIndex < 0 || materialIndex >= materials.Count)
        {
            return (null, null, CaseFailures.Invalid("materialIndex", "cases.no_such_material_in_list"));
        }

        var setup = await setups.GetAsync(c.ServiceItemId, ct);
        return (c, setup?.Proofs?.For(materialIndex, materials), null);
    }

    private async Task<Outcome<CaseProof?>> SaveTouchingAsync(Case c, CaseProof? proof, CancellationToken ct)
    {
        c.UpdatedAt = clock.GetUtcNow();
        c.Revision++;
        try
        {
            await db.SaveChangesAsync(ct);
            return proof;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CaseFailures.Stale();
        }
    }
}
