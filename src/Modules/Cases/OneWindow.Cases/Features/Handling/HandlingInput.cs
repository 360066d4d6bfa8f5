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
        "hearing" => "听证 / Hearing",
        "inspection" => "现场核查 / On-site inspection",
        "expert_review" => "专家评审 / Expert review",
        "testing" => "检验检测 / Testing",
        "announcement" => "公示 / Public notice",
        _ => kind,
    };
}
