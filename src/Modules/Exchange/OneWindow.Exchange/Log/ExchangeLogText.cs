using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Exchange.Log;

/// <summary>The exchange log's messages (exchange.log.* in the module's Messages.json) and its failures.</summary>
internal static class ExchangeLogText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(ExchangeLogText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("exchange.log.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("exchange.log.invalid", T("exchange.log.invalid"), errors);
}
