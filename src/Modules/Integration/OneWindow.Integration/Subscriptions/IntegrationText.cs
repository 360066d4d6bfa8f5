using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Integration.Subscriptions;

/// <summary>The integration module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class IntegrationText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(IntegrationText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("integration.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    /// <summary>Field errors (already in the current language) as one validation failure.</summary>
    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("integration.invalid", T("integration.invalid"), errors);

    /// <summary>Query parameters that are not valid.</summary>
    public static Failure InvalidQuery(ValidationErrors errors) => Failure.Invalid("integration.query_invalid", T("integration.query_invalid"), errors);
}
