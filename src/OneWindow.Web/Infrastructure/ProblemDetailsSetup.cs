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
            context.ProblemDetails.Detail = "请求的地址不存在";
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
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "请求格式有误", "请求内容无法解析，请检查 JSON 格式和字段类型"),
            _ => (StatusCodes.Status500InternalServerError, "服务器内部错误", "处理请求时发生意外错误，请稍后重试；如持续出现，请提供 requestId 联系运维"),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        if (!ProblemDetailsSetup.IsApi(context) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(HtmlErrorPage.Render(status, title, detail, context.TraceIdentifier), cancellationToken);
            return true;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
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
        var (title, detail) = status switch
        {
            400 => ("请求有误", "请求参数或内容格式不正确"),
            401 => ("请先登录", "此操作需要登录"),
            403 => ("无权访问", "您的账号没有此操作的权限"),
            404 => ("未找到", "请求的地址不存在"),
            405 => ("不支持的请求方法", "该地址不支持此请求方法"),
            415 => ("不支持的内容类型", "请使用 application/json"),
            429 => ("请求过于频繁", "请求过多，请一分钟后再试"),
            _ => ("请求失败", null),
        };
        if (ProblemDetailsSetup.IsApi(http) || !http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
            });
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(HtmlErrorPage.Render(status, title, detail, http.TraceIdentifier));
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
