namespace OneWindow.Cases.Features.Workflow;

/// <summary>Why an action was refused: an HTTP status, a message for people (Chinese / English) and, for input errors,
/// messages per field. Pages show the field messages next to the fields; the API answers ProblemDetails.</summary>
public sealed record CaseProblem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static CaseProblem NotFound() => new(404, "办件不存在 / Case not found", "没有找到这个办件，或您无权查看。 / No such case, or you may not see it.");

    public static CaseProblem Forbidden(string detail) => new(403, "无权办理 / Not allowed", detail);

    public static CaseProblem Conflict(string detail) => new(409, "当前状态不能这样办理 / Not possible now", detail);

    public static CaseProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "请检查填写的内容 / Please check your input", string.Join(" ", errors.SelectMany(e => e.Value)), errors);

    public static CaseProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static CaseProblem Stale() => Conflict("该办件刚被其他人办理，请刷新后再试。 / Someone else just acted on this case; reload and try again.");
}

/// <summary>An action's outcome: the value, or the problem.</summary>
public readonly record struct CaseResult<T>(T? Value, CaseProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static implicit operator CaseResult<T>(T value) => new(value, null);

    public static implicit operator CaseResult<T>(CaseProblem problem) => new(default, problem);
}

/// <summary>Thrown inside an action's transaction to abandon it with a clear problem (e.g. the result licence could not
/// be issued): the transaction rolls back and the caller answers <see cref="Problem"/>.</summary>
public sealed class CaseRefusedException(CaseProblem problem) : Exception(problem.Detail)
{
    public CaseProblem Problem => problem;
}
