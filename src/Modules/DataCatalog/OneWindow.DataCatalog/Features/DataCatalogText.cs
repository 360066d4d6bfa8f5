using System.Globalization;
using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.DataCatalog.Features;

/// <summary>The data catalogue's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class DataCatalogText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(DataCatalogText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    public static Failure Fail(FailureKind kind, string code, params object?[] args) =>
        new(kind, code, T("datacatalog.title." + kind.ToString().ToLowerInvariant()), T(code, args));

    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("datacatalog.invalid", T("datacatalog.invalid"), errors);

    public static Failure Invalid(string field, string code, params object?[] args) =>
        Failure.Invalid("datacatalog.invalid", T("datacatalog.invalid"), field, T(code, args));

    public static string Pick((string Zh, string En) pair) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? pair.En : pair.Zh;
}
