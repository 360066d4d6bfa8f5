using System.Globalization;
using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Registry.Features;

/// <summary>The registry module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class RegistryText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(RegistryText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("registry.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    /// <summary>Field errors as one validation failure: nothing was changed.</summary>
    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("registry.invalid", T("registry.invalid"), errors);

    /// <summary>Query parameters that are not valid.</summary>
    public static Failure InvalidQuery(ValidationErrors errors) => Failure.Invalid("registry.query_invalid", T("registry.query_invalid"), errors);

    /// <summary>One of a pair of texts in the current UI language.</summary>
    public static string Pick((string Zh, string En) pair) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? pair.En : pair.Zh;
}
