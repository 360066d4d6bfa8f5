using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Licences.Features;

/// <summary>The licences module's messages (Messages.json, by code) and its failures, in the current UI language.
/// Verification results (valid/revoked/… with their reasons) and audit texts are data, not refusals, and stay as
/// they are.</summary>
internal static class LicencesText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(LicencesText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    public static Outcome<T> Ok<T>(T value) => value;

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("licences.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    /// <summary>Field errors (already in the current language) with the detail <paramref name="code"/> names.</summary>
    public static Failure Invalid(string code, IReadOnlyDictionary<string, string[]> errors, params object?[] args) =>
        new(FailureKind.Invalid, code, T("licences.invalid"), T(code, args), errors);

    public static IReadOnlyDictionary<string, string[]> Field(string field, string code, params object?[] args) =>
        new Dictionary<string, string[]> { [field] = [T(code, args)] };
}
