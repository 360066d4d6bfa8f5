namespace OneWindow.Cases.Features.Handling;

public sealed record CorrectionRequest(IReadOnlyList<CorrectionPointInput> Points, string? Note);

public sealed record CorrectionPointInput(int? MaterialIndex, string? FieldKey, string? Problem);

/// <summary>Outcome of a review task: approve (同意) or refuse (不同意) with an opinion.</summary>
public sealed record StepResult(string Outcome, string? Opinion);

/// <summary>准予 / 不予许可. A refusal needs the reason and the legal remedy (行政许可法 Art. 38).</summary>
public sealed record DecisionInput(string Decision, string? Reason, string? Remedy);

public sealed record PauseInput(string Kind, string? Reason);

public static class SpecialProcedures
{
    public static readonly string[] Kinds = ["hearing", "inspection", "expert_review", "testing", "announcement"];

    public static string Label(string kind) => kind switch
    {
        "hearing" => CaseText.Stored("cases.hearing"),
        "inspection" => CaseText.Stored("cases.on_site_inspection"),
        "expert_review" => CaseText.Stored("cases.expert_review"),
        "testing" => CaseText.Stored("cases.testing"),
        "announcement" => CaseText.Stored("cases.public_notice"),
        _ => kind,
    };
}
