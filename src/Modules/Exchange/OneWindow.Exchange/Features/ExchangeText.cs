using System.Globalization;
using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Exchange.Features;

/// <summary>The exchange module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class ExchangeText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(ExchangeText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>A refusal: the code names the detail; the title follows the kind.</summary>
    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("exchange.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    /// <summary>Field errors (already in the current language) as one validation failure.</summary>
    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("exchange.invalid", T("exchange.invalid"), errors);

    public static Failure Invalid(string field, string code, params object?[] args) =>
        Failure.Invalid("exchange.invalid", T("exchange.invalid"), field, T(code, args));

    public static string Pick((string Zh, string En) pair) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? pair.En : pair.Zh;
}
