using OneWindow.Shared.Http;
using OneWindow.Shared.Messages;
using OneWindow.Shared.Results;

namespace OneWindow.Calendar.Features;

/// <summary>The calendar module's messages (Messages.json, by code) and its failures, in the current UI language.</summary>
internal static class CalendarText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(CalendarText).Assembly);

    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>Query errors (already in the current language) as one validation failure.</summary>
    public static Failure Invalid(ValidationErrors errors) => Failure.Invalid("calendar.invalid", T("calendar.invalid"), errors);

    public static Failure Invalid(string field, string code, params object?[] args) =>
        Failure.Invalid("calendar.invalid", T("calendar.invalid"), field, T(code, args));
}
