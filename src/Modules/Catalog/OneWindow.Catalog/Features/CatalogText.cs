using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Catalog.Features;

/// <summary>The catalogue module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class CatalogText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(CatalogText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("catalog.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    /// <summary>Field errors (already written) as one validation failure.</summary>
    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("catalog.invalid", T("catalog.invalid"), errors);

    /// <summary>One field's error, given as text (e.g. from the guide validator).</summary>
    public static Failure InvalidText(string field, string message) => Failure.Invalid("catalog.invalid", T("catalog.invalid"), field, message);

    /// <summary>One field's error from the catalogue, its code the failure's.</summary>
    public static Failure Invalid(string field, string code, params object?[] args) => Failure.Invalid(code, T("catalog.invalid"), field, T(code, args));
}
