using OneWindow.Shared.Results;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.CertificateFree;
using OneWindow.Cases.Features.Setup;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Files;
using OneWindow.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace OneWindow.Cases.Pages.Account.Cases;

/// <summary>
/// 网上申报: the application form of a draft, or of a case awaiting corrections. Every button of the page saves the
/// draft first; then it attaches the files chosen for materials (a new upload into the library, or a library file),
/// removes an attachment, or submits. A refused submit shows its errors next to the fields and keeps the draft.
/// </summary>
public sealed class ApplyModel(Applications applications, IFileLibrary library, CasesDbContext db, CaseProofs proofs, ItemSetups setups, ApplicantFactsReader facts) : CitizenPage
{
    public const int LibraryChoices = 50;

    public Case Case { get; private set; } = null!;

    public FormDefinition Form { get; private set; } = FormDefinition.Default;

    public IReadOnlyList<RequiredMaterial> Materials { get; private set; } = [];

    public IReadOnlyList<CaseMaterial> Attached { get; private set; } = [];

    public IReadOnlyList<StoredFile> LibraryFiles { get; private set; } = [];

    /// <summary>The open correction notice in corrections mode.</summary>
    public CorrectionNotice? Correction { get; private set; }

    public bool CorrectionMode => Case.Status == CaseStatus.CorrectionStarted;

    /// <summary>Materials proven by e-licences or the registry, and commitments signed (免证办, 告知承诺).</summary>
    public IReadOnlyList<CaseProof> Proofs { get; private set; } = [];

    /// <summary>Prefilled answers with their source (一键申报), while unchanged.</summary>
    public IReadOnlyDictionary<string, PrefillMark> Marks { get; private set; } = new Dictionary<string, PrefillMark>();

    public ProofsDefinition ProofRules { get; private set; } = new();

    /// <summary>Real-name applicants (assurance 2+) get registry data and licences; self-declared ones upload.</summary>
    public bool RealName { get; private set; }

    /// <summary>Per material index: the commitment tick box (告知承诺) and whether it was on the page.</summary>
    [BindProperty] public Dictionary<int, bool> Commit { get; set; } = [];

    [BindProperty] public Dictionary<int, bool> CommitShown { get; set; } = [];

    public PrefillMark? MarkFor(string key) =>
        Marks.TryGetValue(key, out var mark) && Answers.TryGetValue(key, out var answer) && answer == mark.Value ? mark : null;

    public CaseProof? ProofFor(int index) => Proofs.FirstOrDefault(p => p.MaterialIndex == index);

    [BindProperty] public Dictionary<string, string?> Answers { get; set; } = [];

    [BindProperty] public string? DeliveryMethod { get; set; }

    [BindProperty] public string? DeliveryAddress { get; set; }

    /// <summary>Per material index: a library file id chosen in the select.</summary>
    [BindProperty] public Dictionary<int, long?> LibraryFile { get; set; } = [];

    [BindProperty] public Dictionary<int, string?> Notes { get; set; } = [];

    /// <summary>save | submit | upload:{index} | remove:{attachmentId}.</summary>
    [BindProperty] public string? Action { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    public static string FieldId(string key) => "f-" + key;

    public static string UploadName(int index) => "upload" + index;

    public async Task<IActionResult> OnGetAsync(long caseId, CancellationToken ct)
    {
        var c = await applications.OwnAsync(Actor, caseId, ct);
        if (c == null)
        {
            return NotFound();
        }

        if (c.Status is not (CaseStatus.Draft or CaseStatus.CorrectionStarted))
        {
            return Redirect(c.Status == CaseStatus.Submitted ? $"/apply/{c.Id}/done" : $"/account/cases/{c.Id}");
        }

        Answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        DeliveryMethod = c.DeliveryMethod;
        DeliveryAddress = c.DeliveryAddress;
        await LoadAsync(c, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long caseId, CancellationToken ct)
    {
        var actor = Actor;
        var c = await applications.OwnAsync(actor, caseId, ct);
        if (c == null)
        {
            return NotFound();
        }

        // A double click or a retried POST after the case went in: show where it stands instead of an error.
        if (c.Status is not (CaseStatus.Draft or CaseStatus.CorrectionStarted))
        {
            return Redirect(c.Status == CaseStatus.Submitted ? $"/apply/{c.Id}/done" : $"/account/cases/{c.Id}");
        }

        var correcting = c.Status == CaseStatus.CorrectionStarted;
        var saved = await applications.SaveDraftAsync(actor, caseId, new ApplicationInput(Answers, DeliveryMethod, DeliveryAddress), ct);
        if (!saved.Succeeded)
        {
            return await ShowErrorsAsync(caseId, saved.Failure!, ct);
        }

        var materials = RequiredMaterial.ListFrom(saved.Value!.MaterialsJson);
        await SyncCommitmentsAsync(actor, caseId, ct);
        await AttachChosenAsync(actor, caseId, materials, ct);
        if (Action is { } action && action.StartsWith("remove:", StringComparison.Ordinal) && long.TryParse(action["remove:".Length..], out var attachmentId))
        {
            var removed = await applications.DetachAsync(actor, caseId, attachmentId, ct);
            if (!removed.Succeeded)
            {
                CasePageText.AddProblem(Errors, removed.Failure!, Anchor);
            }
        }

        if (Errors.Any)
        {
            return await ShowErrorsAsync(caseId, null, ct);
        }

        if (Action == "submit")
        {
            var english = Lang.IsEnglish;
            var submitted = correcting
                ? await applications.SubmitCorrectionAsync(actor, caseId, english, ct)
                : await applications.SubmitAsync(actor, caseId, english, ct);
            if (!submitted.Succeeded)
            {
                return await ShowErrorsAsync(caseId, submitted.Failure!, ct);
            }

            return Redirect(correcting ? $"/account/cases/{caseId}?done=corrected" : $"/apply/{caseId}/done");
        }

        var anchor = Action is { } a && a.StartsWith("upload:", StringComparison.Ordinal) ? "#material-" + a["upload:".Length..] : "";
        return Redirect($"/apply/{caseId}?done=saved{anchor}");
    }

    public string? ErrorFor(string id) => Errors.For(id);

    public IReadOnlyList<CorrectionPoint> PointsFor(string? fieldKey, int? materialIndex) =>
        Correction?.Points.Where(p => (fieldKey != null && p.FieldKey == fieldKey) || (materialIndex != null && p.MaterialIndex == materialIndex)).ToList() ?? [];

    private CaseActor Actor => CaseActor.From(Principal);

    /// <summary>Signs or withdraws the commitment of every material whose tick box was on the page and changed.</summary>
    private async Task SyncCommitmentsAsync(CaseActor actor, long caseId, CancellationToken ct)
    {
        var signed = (await proofs.OfAsync(caseId, ct)).Where(p => p.Kind == ProofKinds.Commitment).Select(p => p.MaterialIndex).ToHashSet();
        foreach (var index in CommitShown.Where(s => s.Value).Select(s => s.Key))
        {
            var wanted = Commit.TryGetValue(index, out var on) && on;
            if (wanted == signed.Contains(index))
            {
                continue;
            }

            var result = await proofs.CommitAsync(actor, caseId, index, wanted, ct);
            if (!result.Succeeded)
            {
                CasePageText.AddProblem(Errors, result.Failure!, Anchor);
            }
        }
    }

    /// <summary>Attaches, for every material, the file uploaded in its file input or chosen from the library.</summary>
    private async Task AttachChosenAsync(CaseActor actor, long caseId, IReadOnlyList<RequiredMaterial> materials, CancellationToken ct)
    {
        var owner = actor.ApplicantSubject!;
        for (var i = 0; i < materials.Count; i++)
        {
            var upload = Request.HasFormContentType ? Request.Form.Files.GetFile(UploadName(i)) : null;
            long? fileId = LibraryFile.TryGetValue(i, out var chosen) ? chosen : null;
            if (upload is { Length: > 0 })
            {
                await using var stream = upload.OpenReadStream();
                var result = await library.UploadAsync(owner, Principal.Subject, upload.FileName, stream, ct);
                if (!result.Succeeded)
                {
                    Errors.Add("material-" + i, materials[i].Name, Lang.Pick(result.Rejection!.Message));
                    continue;
                }

                fileId = result.File!.Id;
            }

            if (fileId is not { } id)
            {
                if (Action == "upload:" + i)
                {
                    Errors.Add("material-" + i, materials[i].Name, Lang.L("请选择要上传的文件，或从我的材料中选择。", "Choose a file to upload, or one from your files."));
                }

                continue;
            }

            var attached = await applications.AttachAsync(actor, caseId, new MaterialInput(i, id, Notes.TryGetValue(i, out var note) ? note : null), ct);
            if (attached.Succeeded)
            {
                LibraryFile.Remove(i);
                Notes.Remove(i);
            }
            else
            {
                var problem = attached.Failure!;
                foreach (var message in problem.Errors?.SelectMany(e => e.Value) ?? [problem.Detail])
                {
                    Errors.Add("material-" + i, materials[i].Name, Lang.Pick(message));
                }
            }
        }
    }

    private async Task<IActionResult> ShowErrorsAsync(long caseId, Failure? problem, CancellationToken ct)
    {
        // Reload without the tracked, possibly half-changed entity: the page shows what is stored plus what was typed.
        db.ChangeTracker.Clear();
        var c = (await applications.OwnAsync(Actor, caseId, ct))!;
        await LoadAsync(c, ct);
        if (problem != null)
        {
            CasePageText.AddProblem(Errors, problem, Anchor);
        }

        Response.StatusCode = problem?.Status is 409 ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private (string Id, string Label) Anchor(string key)
    {
        if (key.StartsWith("materials[", StringComparison.Ordinal) && int.TryParse(key["materials[".Length..].TrimEnd(']'), out var index))
        {
            return ("material-" + index, index < Materials.Count ? Materials[index].Name : "");
        }

        if (key is "deliveryAddress" or "deliveryMethod")
        {
            return (key == "deliveryAddress" ? "delivery-address" : "delivery-pickup", key == "deliveryAddress" ? Lang.L("邮寄地址", "Postal address") : Lang.L("送达方式", "Delivery"));
        }

        var field = Form.AllFields.FirstOrDefault(f => f.Key == key);
        return field != null ? (FieldId(key), field.DisplayLabel(Lang.IsEnglish)) : ("", "");
    }

    private async Task LoadAsync(Case c, CancellationToken ct)
    {
        Case = c;
        Form = FormDefinition.FromJson(c.FormJson);
        Materials = RequiredMaterial.ListFrom(c.MaterialsJson);
        Attached = await db.Materials.AsNoTracking().Where(m => m.CaseId == c.Id && !m.Superseded).OrderBy(m => m.MaterialIndex).ThenBy(m => m.Id).ToListAsync(ct);
        LibraryFiles = await library.ListOwnedAsync(c.ApplicantSubject, null, LibraryChoices, ct);
        Proofs = await proofs.OfAsync(c.Id, ct);
        Marks = PrefillMark.ListFrom(c.PrefilledJson);
        ProofRules = (await setups.GetAsync(c.ServiceItemId, ct))?.Proofs ?? new ProofsDefinition();
        RealName = (await facts.ProfileAsync(c.ApplicantSubject, ct)) is { IsRealName: true };
        if (c.Status == CaseStatus.CorrectionStarted)
        {
            var body = await db.Notices.AsNoTracking().Where(n => n.CaseId == c.Id && n.Kind == "correction" && n.AnsweredAt == null)
                .OrderByDescending(n => n.Id).Select(n => n.BodyJson).FirstOrDefaultAsync(ct);
            Correction = body != null ? CorrectionNotice.FromJson(body) : null;
        }
    }
}
