using Microsoft.AspNetCore.Mvc;
using OneWindow.Shared.Startup;

namespace OneWindow.Web.Infrastructure;

/// <summary>Until migrations and seeding have finished, every request but /health gets 503 with Retry-After,
/// so nobody sees an empty catalogue or a half-migrated schema.</summary>
public sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (gate.IsReady || context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = 503, Title = "服务正在启动", Detail = "系统正在完成启动（数据库升级、基础数据加载），请稍后重试" },
        });
    }
}
