using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace OneWindow.Oidc.Endpoints;

/// <summary>The few pages the provider shows itself (an error that must not redirect, the signed-out page), in the
/// site's style, without scripts.</summary>
internal static class OidcPages
{
    public static IResult Result(int status, string title, string detail, string? code = null)
    {
        var e = HtmlEncoder.Default;
        var codeLine = code == null ? "" : $"<p class=\"muted\">错误代码：{e.Encode(code)}</p>";
        var html = $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e.Encode(title)} - 一网通办</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="container error-page" id="main"><h1>{e.Encode(title)}</h1><p>{e.Encode(detail)}</p>{codeLine}
            <p><a href="/">返回首页</a></p></main></body></html>
            """;
        return new PageResult(status, html);
    }

    private sealed class PageResult(int status, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
