using OneWindow.Shared.Results;

namespace OneWindow.Cases.Features.Workflow;

/// <summary>The Cases module's expected failures. Each carries the catalogue code of its detail (<c>cases.…</c>), so the
/// API's problem <c>code</c> names the exact reason; title and detail are in the current UI language.</summary>
public static class CaseFailures
{
    public static Failure NotFound(string code = "cases.not_found", string titleCode = "cases.not_found_title") =>
        new(FailureKind.NotFound, code, CaseText.T(titleCode), CaseText.T(code));

    /// <summary>Something other than a case is missing: the code names it (and is the title).</summary>
    public static Failure NotFoundOf(string titleCode) =>
        new(FailureKind.NotFound, titleCode, CaseText.T(titleCode), CaseText.T("cases.not_found"));

    public static Failure Forbidden(string code, params object?[] args) =>
        new(FailureKind.Forbidden, code, CaseText.T("cases.forbidden_title"), CaseText.T(code, args));

    public static Failure Conflict(string code, params object?[] args) =>
        new(FailureKind.Conflict, code, CaseText.T("cases.conflict_title"), CaseText.T(code, args));

    public static Failure Unavailable(string code, string titleCode) =>
        new(FailureKind.Unavailable, code, CaseText.T(titleCode), CaseText.T(code));

    /// <summary>Field errors already in the UI language (several fields at once).</summary>
    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, "cases.invalid", CaseText.T("cases.invalid_title"), string.Join(" ", errors.SelectMany(e => e.Value)), errors);

    /// <summary>One field's error; the failure's code is the message's code.</summary>
    public static Failure Invalid(string field, string code, params object?[] args)
    {
        var message = CaseText.T(code, args);
        return new(FailureKind.Invalid, code, CaseText.T("cases.invalid_title"), message, new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>A conflict whose detail was composed earlier (already in the UI language); <paramref name="code"/> names the
    /// reason and is in the catalogue with a general text.</summary>
    public static Failure ConflictWith(string code, string detail) =>
        new(FailureKind.Conflict, code, CaseText.T("cases.conflict_title"), detail);

    /// <summary>One field's error whose message was composed by the caller; <paramref name="code"/> names the reason.</summary>
    public static Failure InvalidWith(string field, string code, string message) =>
        new(FailureKind.Invalid, code, CaseText.T("cases.invalid_title"), message, new Dictionary<string, string[]> { [field] = [message] });

    public static Failure Stale() => Conflict("cases.stale");
}

/// <summary>Thrown inside an action's transaction to abandon it with a clear failure (e.g. the result licence could not
/// be issued): the transaction rolls back and the caller answers <see cref="Failure"/>.</summary>
public sealed class CaseRefusedException(Failure failure) : Exception(failure.Detail)
{
    public Failure Failure => failure;
}
