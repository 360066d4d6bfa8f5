using OneWindow.Shared.Results;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Files;

namespace OneWindow.Cases.Features.Applying;

/// <summary>The steps of a single application that a life event (一件事) runs once per item inside its own transaction
/// (see Features/Bundles/LifeEvents.cs): the same draft, input, completeness and submission rules as /apply.</summary>
public sealed partial class Applications
{
    internal Task<Outcome<Case>> BundleDraftAsync(CaseActor actor, long itemId, CancellationToken ct) => NewDraftAsync(actor, itemId, ct);

    internal static Failure? BundleApplyInput(Case c, ApplicationInput input) => ApplyInput(c, input, english: false);

    internal static Failure? BundleCheckComplete(Case c, HashSet<int> attached, bool english) => CheckComplete(c, attached, english);

    internal void BundleMarkSubmitted(Case c, CaseRecorder recorder, CaseActor actor, WorkingDays days, DateTimeOffset now) => MarkSubmitted(c, recorder, actor, days, now);

    internal static CaseMaterial BundleMaterial(long caseId, int materialIndex, string name, StoredFile file, string? note, DateTimeOffset now) =>
        NewMaterial(caseId, new MaterialInput(materialIndex, file.Id, note), name, file, now);
}
