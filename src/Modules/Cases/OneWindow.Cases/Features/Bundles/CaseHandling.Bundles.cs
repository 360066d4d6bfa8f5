using OneWindow.Shared.Results;
using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;

namespace OneWindow.Cases.Features.Handling;

/// <summary>What case handling does for cases of a life event (一件事): tell the applicant once when the last case is
/// decided, and deliver all results together from the bundle (one delivery) instead of case by case.</summary>
public sealed partial class CaseHandling
{
    /// <summary>Single-case delivery is refused for a bundled case: its department's window delivers the bundle.</summary>
    internal static Failure? BundleDeliveryProblem(Case c) => c.BundleId == null ? null
        : CaseFailures.Conflict("cases.case_part_life_event_its");

    /// <summary>Called inside a decision's (or a refusal at the desk's) transaction. The bundle row is touched on every
    /// decision of its cases (revision check), so two departments deciding the last two cases at once cannot both miss
    /// being last: one of them gets "reload and try again".</summary>
    internal async Task NoteBundleDecidedAsync(Case c, CaseRecorder recorder, DateTimeOffset now, CancellationToken ct)
    {
        if (c.BundleId is not { } bundleId || await db.Bundles.FirstOrDefaultAsync(b => b.Id == bundleId, ct) is not { } bundle)
        {
            return;
        }

        var open = await db.Cases.CountAsync(x => x.BundleId == bundleId && x.Id != c.Id && x.Decision == null
            && x.Status != CaseStatus.NotAccepted && x.Status != CaseStatus.Withdrawn && x.Status != CaseStatus.WithdrawnAfterAcceptance, ct);
        bundle.UpdatedAt = now;
        bundle.Revision++;
        if (open == 0 && bundle.DecidedAt == null)
        {
            bundle.DecidedAt = now;
            recorder.Notify(c, $"您申请的“{bundle.EventName}”（编号 {bundle.Number}）各事项已全部办结（作出决定），结果将统一送达。");
        }
    }

    /// <summary>Delivers one case of a bundle inside the bundle's transaction (no commit here).</summary>
    internal async Task DeliverInBundleAsync(CaseActor actor, Case c, CaseTask task, string? trackingNumber, string bundleNumber, CaseRecorder recorder, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var office = await OfficeAsync(actor, ct);
        c.TrackingNumber = c.DeliveryMethod == DeliveryMethods.Post ? trackingNumber : null;
        c.DeliveredAt = now;
        Complete(task, actor, "delivered", c.TrackingNumber, now);
        recorder.History(c, "delivered", actor, office, $"一件事 {bundleNumber} 统一送达：{DeliveryMethods.Label(c.DeliveryMethod, false)} {c.TrackingNumber}".TrimEnd());
        await OpenStepAsync(c, task.StepIndex + 1, recorder, actor, office, ct);
        c.UpdatedAt = now;
        c.Revision++;
    }
}
