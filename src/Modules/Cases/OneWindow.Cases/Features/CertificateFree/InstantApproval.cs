using System.Text.Json;
using OneWindow.Cases.Data;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Workflow;
using OneWindow.Shared;
using OneWindow.Shared.Calendar;
using OneWindow.Shared.Security;

namespace OneWindow.Cases.Features.CertificateFree;

/// <summary>
/// 秒批: on submission of an item with instant approval enabled, the rules are evaluated on the applicant's data. All
/// passing (and every required material provided or proven) → the machine accepts, approves, delivers electronically
/// and closes the case in the submission's transaction. Otherwise the case simply waits at the acceptance desk with
/// the explanation: the machine never refuses, because a decision against the applicant must be taken (and signed,
/// and answerable in review) by a person — see docs/certificate-free.md.
/// </summary>
public sealed class InstantApproval(ApplicantFactsReader reader, TimeProvider clock)
{
    public static readonly CaseActor Machine = new("system:instant-approval", CaseText.Stored("cases.automatic_approval"), "system", null,
        new StaffScope(null, null, new HashSet<string>()), null, new HashSet<string>());

    /// <summary>The decision for <paramref name="c"/>, or null when the item has no instant approval.</summary>
    public async Task<AutoDecision?> EvaluateAsync(Case c, InstantDefinition? definition, ISet<int> provided, CancellationToken ct)
    {
        if (definition is not { Enabled: true })
        {
            return null;
        }

        var answers = JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [];
        var facts = await reader.ReadAsync(c.ApplicantSubject, answers, ct);
        var results = definition.Rules.Select(r => InstantRules.Evaluate(r, facts)).ToList();
        var missing = RequiredMaterial.ListFrom(c.MaterialsJson).Select((m, i) => (m, i)).Where(x => x.m.Required && !provided.Contains(x.i)).Select(x => x.m.Name).ToList();
        var approved = results.All(r => r.Result == AutoRuleResult.Pass) && missing.Count == 0;
        return new AutoDecision(approved ? AutoDecision.Approved : AutoDecision.Referred, clock.GetUtcNow(), results, missing, InstantRules.Explain(results, missing));
    }

    /// <summary>Accept, approve, deliver electronically and close (11), with a history line for each.</summary>
    internal static void Approve(CasesDbContext db, Case c, AutoDecision decision, CaseRecorder recorder, WorkingDays days, DateOnly today, DateTimeOffset now)
    {
        var office = c.DepartmentName;
        c.AutoDecisionJson = decision.ToJson();
        c.Status = CaseStatus.Accepted;
        CaseClock.Start(c, today, days);
        recorder.History(c, "accepted", Machine, office, CaseText.Stored("cases.instant_approval"));
        db.Notices.Add(new CaseNotice { CaseId = c.Id, Kind = "receipt", IssuedAt = now, IssuedBy = Machine.Name, Office = office, BodyJson = "{}" });
        c.Decision = "approve";
        c.DecisionReason = CaseText.Stored("cases.meets_every_instant_approval_condition");
        c.DecidedAt = now;
        db.Notices.Add(new CaseNotice { CaseId = c.Id, Kind = "decision", IssuedAt = now, IssuedBy = Machine.Name, Office = office,
            BodyJson = JsonSerializer.Serialize(new { decision = c.Decision, reason = c.DecisionReason, automatic = true }, CaseJson.Options) });
        recorder.History(c, "decided_approve", Machine, office, "自动审批：" + decision.Summary);
        c.DeliveryMethod = DeliveryMethods.Electronic;
        c.DeliveryAddress = null;
        c.DeliveredAt = now;
        recorder.History(c, "delivered", Machine, office, DeliveryMethods.Label(DeliveryMethods.Electronic, false));
        c.StepIndex = ProcessDefinition.FromJson(c.ProcessJson).Steps.Count;
        c.Status = CaseStatus.ClosedApproved;
        c.ClosedAt = now;
        recorder.History(c, "closed", Machine, office, CaseText.Stored("cases.instant_approval"));
        recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）符合自动审批条件，已办结（准予）。");
    }

    /// <summary>Not every condition met or checkable: the case waits for a person, with the reasons on record.</summary>
    internal static void Refer(Case c, AutoDecision decision, CaseRecorder recorder)
    {
        c.AutoDecisionJson = decision.ToJson();
        recorder.History(c, "auto_referred", Machine, c.DepartmentName, decision.Summary);
        recorder.Notify(c, $"您的办件 {c.Number}（{c.ItemName}）{decision.Summary.Split(" / ")[0]}");
    }
}
