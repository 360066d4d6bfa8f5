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

    /// <summary>"确认退出登录？": a POST form back to /connect/endsession with the antiforgery token and the request's
    /// parameters; cancelling goes home. Nothing is signed out by showing it.</summary>
    public static IResult ConfirmSignOut(string? clientName, string tokenField, string token, IDictionary<string, string?> parameters)
    {
        var e = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        var fields = string.Concat(parameters.Where(f => f.Value != null)
            .Select(f => $"<input type=\"hidden\" name=\"{e.Encode(f.Key)}\" value=\"{e.Encode(f.Value!)}\">"));
        var who = clientName == null
            ? "一个业务系统请求退出您在一网通办的登录。"
            : $"“{e.Encode(clientName)}”请求退出您在一网通办的登录。";
        var html = $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>确认退出登录？ - 一网通办</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="container" id="main"><div class="form-narrow">
            <h1>确认退出登录？</h1>
            <p>{who}</p>
            <p class="meta" lang="en">Sign out of OneWindow? {(clientName == null ? "A business system" : e.Encode(clientName))} asks to end your session.</p>
            <form method="post" action="/connect/endsession" class="form">
            <input type="hidden" name="{e.Encode(tokenField)}" value="{e.Encode(token)}">{fields}
            <button type="submit">退出登录 / Sign out</button>
            </form>
            <p><a href="/">不退出，返回首页 / Stay signed in</a></p>
            </div></main></body></html>
            """;
        return new PageResult(StatusCodes.Status200OK, html);
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
