using OneWindow.Shared.Results;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Files;
using OneWindow.Shared.Web;
using static OneWindow.Shared.Web.Lang;

namespace OneWindow.Cases.Pages.LifeEvents;

/// <summary>
/// 一件事 application: one merged form, each material once, one delivery choice. Every button saves the bundle draft
/// first (answers, delivery, the files chosen); "submit" then fans the draft out into one case per item, all or nothing,
/// and a refusal shows each error next to its field.
/// </summary>
[Authorize(Policy = CitizenPage.Policy)]
public sealed class ApplyModel(OneWindow.Cases.Features.Bundles.LifeEvents events, IFileLibrary library, CasesDbContext db) : CitizenPage
{
    public LifeEventPlan Plan { get; private set; } = null!;

    public Bundle? Draft { get; private set; }

    public IReadOnlyList<BundleAttachment> Attached { get; private set; } = [];

    [BindProperty] public Dictionary<string, string?> Answers { get; set; } = [];

    [BindProperty] public string? DeliveryMethod { get; set; }

    [BindProperty] public string? DeliveryAddress { get; set; }

    [BindProperty] public long? DraftId { get; set; }

    /// <summary>save | submit | remove:{materialIndex}:{fileId}.</summary>
    [BindProperty] public string? Action { get; set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public FormErrors Errors { get; } = new();

    public static string FieldId(string key) => "f-" + key;

    public static string UploadName(int index) => "upload" + index;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        if (!await LoadAsync(key, ct))
        {
            return NotFound();
        }

        if (Draft != null)
        {
            Answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(Draft.AnswersJson, CaseJson.Options) ?? [];
            DeliveryMethod = Draft.DeliveryMethod;
            DeliveryAddress = Draft.DeliveryAddress;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken ct)
    {
        var actor = CaseActor.From(Principal);
        var plan = await events.PlanAsync(key, ct);
        if (plan == null)
        {
            return NotFound();
        }

        Plan = plan;
        if (DraftId is { } id && await events.OwnAsync(actor, id, ct) is { State: BundleStates.Submitted } submitted)
        {
            return Redirect($"/account/life-events/{submitted.Id}");
        }

        var uploads = await UploadChosenAsync(actor, ct);
        var saved = await events.SaveDraftAsync(actor, plan, DraftId, new BundleInput(Answers, DeliveryMethod, DeliveryAddress, uploads), ct);
        if (!saved.Succeeded)
        {
            return await ShowErrorsAsync(key, saved.Failure!, ct);
        }

        var draftId = saved.Value!.Id;
        if (Action is { } action && action.StartsWith("remove:", StringComparison.Ordinal) && action.Split(':') is [_, var m, var f]
            && int.TryParse(m, out var materialIndex) && long.TryParse(f, out var fileId))
        {
            await events.RemoveAttachmentAsync(actor, draftId, materialIndex, fileId, ct);
        }

        if (Errors.Any)
        {
            return await ShowErrorsAsync(key, null, ct);
        }

        if (Action == "submit")
        {
            var result = await events.SubmitDraftAsync(actor, draftId, IsEnglish, ct);
            if (!result.Succeeded)
            {
                return await ShowErrorsAsync(key, result.Failure!, ct);
            }

            return Redirect($"/account/life-events/{result.Value.Bundle.Id}?done=submitted");
        }

        return Redirect($"/life-events/{key}/apply?done=saved");
    }

    public string? ErrorFor(string id) => Errors.For(id);

    private async Task<List<MaterialInput>> UploadChosenAsync(CaseActor actor, CancellationToken ct)
    {
        var chosen = new List<MaterialInput>();
        if (!Request.HasFormContentType)
        {
            return chosen;
        }

        foreach (var m in Plan.Materials.Where(m => m.Uploadable))
        {
            var upload = Request.Form.Files.GetFile(UploadName(m.Index));
            if (upload is not { Length: > 0 })
            {
                continue;
            }

            await using var stream = upload.OpenReadStream();
            var result = await library.UploadAsync(actor.ApplicantSubject!, Principal.Subject, upload.FileName, stream, ct);
            if (result.Succeeded)
            {
                chosen.Add(new MaterialInput(m.Index, result.File!.Id, null));
            }
            else
            {
                Errors.Add("material-" + m.Index, m.Name, Pick(result.Rejection!.Message));
            }
        }

        return chosen;
    }

    private async Task<IActionResult> ShowErrorsAsync(string key, Failure? problem, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(key, ct);
        if (problem != null)
        {
            CasePageText.AddProblem(Errors, problem, Anchor);
        }

        Response.StatusCode = problem?.Status is 409 ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private (string Id, string Label) Anchor(string key)
    {
        if (key.StartsWith("materials[", StringComparison.Ordinal) && int.TryParse(key["materials[".Length..].TrimEnd(']'), out var index) && index >= 0 && index < Plan.Materials.Count)
        {
            return ("material-" + index, Plan.Materials[index].Name);
        }

        if (key is "deliveryAddress" or "deliveryMethod")
        {
            return (key == "deliveryAddress" ? "delivery-address" : "delivery-pickup", key == "deliveryAddress" ? L("邮寄地址", "Postal address") : L("送达方式", "Delivery"));
        }

        var field = Plan.Form.AllFields.FirstOrDefault(f => f.Key == key);
        return field != null ? (FieldId(key), field.DisplayLabel(IsEnglish)) : ("", "");
    }

    private async Task<bool> LoadAsync(string key, CancellationToken ct)
    {
        var plan = await events.PlanAsync(key, ct);
        if (plan == null)
        {
            return false;
        }

        Plan = plan;
        Draft = await events.DraftAsync(CaseActor.From(Principal), key, ct);
        DraftId = Draft?.Id;
        Attached = Draft != null ? JsonSerializer.Deserialize<List<BundleAttachment>>(Draft.AttachmentsJson, CaseJson.Options) ?? [] : [];
        return true;
    }
}
