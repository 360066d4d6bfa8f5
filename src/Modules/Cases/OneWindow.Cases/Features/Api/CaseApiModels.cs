using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Applying;
using OneWindow.Cases.Features.Handling;
using OneWindow.Cases.Features.Queries;

namespace OneWindow.Cases.Features.Api;

public sealed record ApplyRequest(long ItemId, Dictionary<string, string?>? Answers, string? DeliveryMethod, string? DeliveryAddress, List<MaterialInput>? Materials);

public sealed record DraftRequest(long ItemId);

public sealed record DraftUpdate(Dictionary<string, string?>? Answers, string? DeliveryMethod, string? DeliveryAddress);

public sealed record ReasonBody(string? Reason);

public sealed record RevisionBody(int Revision);

public sealed record RefuseBody(int Revision, string? Reason);

public sealed record CorrectionBody(int Revision, List<CorrectionPointInput>? Points, string? Note);

public sealed record ExtendBody(int Revision, int Days, string? Reason);

public sealed record CommentBody(string? Text);

public sealed record AssignBody(string? AssigneeSubject, string? AssigneeName);

public sealed record ReturnBody(int ToStep, string? Reason);

public sealed record DeliverBody(string? TrackingNumber);

public sealed record NoteBody(string? Note);

public sealed record DefinitionBody(System.Text.Json.JsonElement Definition)
{
    /// <summary>The definition's JSON text; empty when the body had no <c>definition</c> (then the setup answers a
    /// field error, not a 500).</summary>
    public string Raw => Definition.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "" : Definition.GetRawText();
}

/// <summary>The public progress answer: `{ "number", "statusCode", "steps": [...] }` and a little more.</summary>
public sealed record ProgressResponse(string Number, int StatusCode, string Status, string ItemName, string Department, DateTimeOffset? SubmittedAt, DateOnly? DueOn, bool ClockPaused, string? Awaiting, IReadOnlyList<ProgressStepResponse> Steps)
{
    public static ProgressResponse From(ProgressView v) => new(v.Number, v.StatusCode, v.Status, v.ItemName, v.DepartmentName, v.SubmittedAt, v.DueOn, v.ClockPaused, v.Awaiting,
        v.Steps.Select(s => new ProgressStepResponse(s.At, s.Action, s.Label, s.StatusCode, s.Office, s.Note)).ToList());
}

public sealed record ProgressStepResponse(DateTimeOffset At, string Action, string Label, int StatusCode, string Office, string? Note);

public sealed record SubmittedResponse(long Id, string? Number, string? QueryCode, int StatusCode, string Status);

public sealed record CaseResponse(
    long Id, string? Number, long ItemId, int ItemVersion, string ItemName, long DepartmentId, string Department, string RegionCode,
    string ApplicantName, int StatusCode, string Status, int StepIndex, int Revision, Dictionary<string, string?> Answers, string DeliveryMethod, string? TrackingNumber,
    DateTimeOffset? SubmittedAt, DateOnly? AcceptanceDueOn, DateOnly? AcceptedOn, DateOnly? DueOn, DateOnly? PromisedDueOn, bool ClockPaused, int ExtensionDays,
    string? Decision, string? DecisionReason, string? DecisionRemedy, DateTimeOffset? ClosedAt,
    IReadOnlyList<MaterialResponse> Materials, IReadOnlyList<TaskResponse> Tasks, IReadOnlyList<HistoryResponse> History)
{
    /// <summary>Materials proven by e-licences or the registry, and commitments (免证办, 告知承诺制).</summary>
    public IReadOnlyList<ProofResponse> Proofs { get; init; } = [];

    /// <summary>Field key → where its prefilled value came from (only while the answer is unchanged).</summary>
    public IReadOnlyDictionary<string, string> PrefilledFrom { get; init; } = new Dictionary<string, string>();

    /// <summary>秒批: every rule with the (masked) value read and pass/fail/missing; null for items decided by people.</summary>
    public AutoDecision? AutoDecision { get; init; }

    public string? ResultLicenceIdentifier { get; init; }

    public static CaseResponse From(CaseDetail d, bool english, bool staffView) => From(d, english) with
    {
        Proofs = (d.Proofs ?? []).Select(p => ProofResponse.From(p, staffView)).ToList(),
        PrefilledFrom = CertificateFree.PrefillMark.ListFrom(d.Case.PrefilledJson).ToDictionary(m => m.Key, m => m.Value.Source),
        AutoDecision = AutoDecision.FromJson(d.Case.AutoDecisionJson),
        ResultLicenceIdentifier = d.Case.ResultLicenceIdentifier,
    };

    public static CaseResponse From(CaseDetail d, bool english)
    {
        var c = d.Case;
        return new CaseResponse(c.Id, c.Number, c.ServiceItemId, c.ItemVersion, c.ItemName, c.DepartmentId, c.DepartmentName, c.RegionCode, c.ApplicantName,
            c.Status, CaseStatus.Label(c.Status, english), c.StepIndex, c.Revision,
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(c.AnswersJson, CaseJson.Options) ?? [], c.DeliveryMethod, c.TrackingNumber,
            c.SubmittedAt, c.AcceptanceDueOn, c.AcceptedOn, c.DueOn, c.PromisedDueOn, c.PausedSince != null, c.ExtensionDays, c.Decision, c.DecisionReason, c.DecisionRemedy, c.ClosedAt,
            d.Materials.Select(m => new MaterialResponse(m.Id, m.MaterialIndex, m.MaterialName, m.FileName, m.MediaType, m.Length, m.Note, m.Superseded, m.AddedAt)).ToList(),
            d.Tasks.Select(TaskResponse.From).ToList(),
            d.History.Select(h => new HistoryResponse(h.At, h.Action, ActionLabels.Label(h.Action, english), h.Status, h.ActorName, h.Office, h.Note, h.Public)).ToList());
    }
}

public sealed record MaterialResponse(long Id, int MaterialIndex, string MaterialName, string FileName, string MediaType, long Length, string? Note, bool Superseded, DateTimeOffset AddedAt);

public sealed record TaskResponse(long Id, int StepIndex, string StepName, string StepKind, long DepartmentId, string Role, string State, string? Outcome, string? Opinion, string? AssigneeName, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt)
{
    public static TaskResponse From(CaseTask t) => new(t.Id, t.StepIndex, t.StepName, t.StepKind, t.DepartmentId, t.Role, t.State, t.Outcome, t.Opinion, t.AssigneeName, t.CreatedAt, t.CompletedAt);
}

public sealed record HistoryResponse(DateTimeOffset At, string Action, string Label, int StatusCode, string Actor, string Office, string? Note, bool Public);

public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record ProofResponse(long Id, int MaterialIndex, string Kind, string? LicenceIdentifier, string? LicenceTypeName, string? LicenceNumber, string? RegistryFields,
    string SourceName, string VerifiedStatus, DateTimeOffset VerifiedAt, string? CommitmentText, string? CheckResult, string? CheckNote, DateTimeOffset? CheckedAt, string? CheckedBy)
{
    /// <summary>The later check of a commitment is the department's business until it acts on it.</summary>
    public static ProofResponse From(CaseProof p, bool staffView) => new(p.Id, p.MaterialIndex, p.Kind, p.LicenceIdentifier, p.LicenceTypeName, p.LicenceNumber, p.RegistryFields,
        p.SourceName, p.VerifiedStatus, p.VerifiedAt, p.CommitmentText, staffView ? p.CheckResult : null, staffView ? p.CheckNote : null, staffView ? p.CheckedAt : null, staffView ? p.CheckedBy : null);
}

public sealed record PresentLicenceBody(int MaterialIndex, string? Identifier);

public sealed record CommitmentBody(int MaterialIndex);

public sealed record CommitmentCheckBody(string? Result, string? Note);
