using System.Globalization;
using Microsoft.AspNetCore.Localization;
using OneWindow.Shared.Messages;

namespace OneWindow.Web.Infrastructure;

/// <summary>The host's own messages (Messages.json, platform.* codes) for error responses written outside any module.</summary>
internal static class PlatformText
{
    private static MessageCatalog Catalog => MessageCatalog.Of(typeof(PlatformText).Assembly);

    /// <summary>Title and detail of <paramref name="code"/> in the request's language. The exception handler and status
    /// code pages run outside request localization (the culture it set does not flow back out), so the language is
    /// read from the culture feature it left on the request.</summary>
    public static (string Title, string? Detail) For(HttpContext http, string code)
    {
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture;
        var english = culture.TwoLetterISOLanguageName == "en";
        var title = Catalog.Both(code + ".title");
        var detail = Catalog.Has(code) ? Catalog.Both(code) : ((string Zh, string En)?)null;
        return english ? (title.En, detail?.En) : (title.Zh, detail?.Zh);
    }

    /// <summary>The Chinese text, for the HTML error page (the portal is Chinese first).</summary>
    public static (string Title, string? Detail) Chinese(string code) =>
        (Catalog.Both(code + ".title").Zh, Catalog.Has(code) ? Catalog.Both(code).Zh : null);

    public static string CodeOf(int status) => status switch
    {
        400 => "platform.bad_request",
        401 => "platform.unauthorized",
        403 => "platform.forbidden",
        404 => "platform.not_found",
        405 => "platform.method_not_allowed",
        415 => "platform.unsupported_media_type",
        429 => "platform.too_many_requests",
        _ => "platform.failed",
    };
}
