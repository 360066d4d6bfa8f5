using OneWindow.Shared.Messages;

namespace OneWindow.Cases;

/// <summary>The module's messages (Messages.json, keyed by stable <c>cases.…</c> codes).</summary>
internal static class CaseText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(CaseText).Assembly);

    /// <summary>The message in the current UI language (the page's, or the API request's Accept-Language).</summary>
    public static string T(string code, params object?[] args) => Catalog.Text(code, args);

    /// <summary>"中文 / English", for texts stored and read later in either language (history, notices): existing rows
    /// have this form and pages show them with Lang.Pick.</summary>
    public static string Stored(string code, params object?[] args)
    {
        var (zh, en) = Catalog.Both(code, args);
        return zh + " / " + en;
    }
}
