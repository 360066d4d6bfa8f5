using Microsoft.AspNetCore.Localization;

namespace OneWindow.Web.Infrastructure;

/// <summary>
/// On the API, <c>Accept-Language</c> picks the language of messages (problem titles and details): a department system
/// asks for English with <c>Accept-Language: en</c>. Pages ignore the header on purpose — the portal is Chinese first and
/// switches only by the visitor's choice (<c>?lang=</c> or the language cookie), whatever the browser sends.
/// </summary>
public sealed class ApiLanguageProvider : RequestCultureProvider
{
    private readonly AcceptLanguageHeaderRequestCultureProvider header = new();

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        ProblemDetailsSetup.IsApi(httpContext) ? header.DetermineProviderCultureResult(httpContext) : NullProviderCultureResult;
}
