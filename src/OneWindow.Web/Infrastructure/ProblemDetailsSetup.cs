using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace OneWindow.Web.Infrastructure;

/// <summary>Every API error is an RFC 9457 problem document carrying the request id, so a caller can quote it to support.</summary>
public static class ProblemDetailsSetup
{
    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
        if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && context.ProblemDetails.Detail == null)
        {
            context.ProblemDetails.Detail = PlatformText.For(context.HttpContext, "platform.not_found").Detail;
            context.ProblemDetails.Extensions.TryAdd("code", "platform.not_found");
        }
    }

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");
}

/// <summary>Turns unexpected exceptions into a 500 problem without internals, and malformed requests into a 400.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "platform.malformed"),
            _ => (StatusCodes.Status500InternalServerError, "platform.internal"),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        if (!ProblemDetailsSetup.IsApi(context) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            var (zhTitle, zhDetail) = PlatformText.Chinese(code);
            await context.Response.WriteAsync(HtmlErrorPage.Render(status, zhTitle, zhDetail, context.TraceIdentifier), cancellationToken);
            return true;
        }

        var (title, detail) = PlatformText.For(context, code);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}

/// <summary>Gives bodiless error responses (404 from routing, 401 from auth, 400 from binding) a problem body on the API
/// and a readable page elsewhere.</summary>
public static class StatusCodePagesSetup
{
    public static async Task Handle(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var code = PlatformText.CodeOf(status);
        if (ProblemDetailsSetup.IsApi(http) || !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            var (title, detail) = PlatformText.For(http, code);
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } },
            });
            return;
        }

        // The HTML page stays Chinese first, whatever the browser asks for.
        var (zhTitle, zhDetail) = PlatformText.Chinese(code);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(HtmlErrorPage.Render(status, zhTitle, zhDetail, http.TraceIdentifier));
    }
}

internal static class HtmlErrorPage
{
    public static string Render(int status, string title, string? detail, string requestId)
    {
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        return $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{status} {encoder.Encode(title)} - 一网通办</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="container error-page" id="main"><h1>{encoder.Encode(title)}</h1><p>{encoder.Encode(detail ?? "")}</p>
            <p><a href="/">返回首页</a></p><p class="muted">请求编号：{encoder.Encode(requestId)}</p></main></body></html>
            """;
    }
}
