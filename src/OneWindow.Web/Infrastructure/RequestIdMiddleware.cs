namespace OneWindow.Web.Infrastructure;

/// <summary>Accepts a caller's X-Request-Id (when it is a sane token) or uses the host's, returns it, and puts it
/// in the logging scope so every log line of the request carries it.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        if (incoming.Length is > 0 and <= 64 && incoming.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            context.TraceIdentifier = incoming;
        }

        context.Response.Headers[Header] = context.TraceIdentifier;
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.TraceIdentifier }))
        using (OneWindow.Shared.Audit.AuditLog.BeginRequest(context.TraceIdentifier))
        {
            await next(context);
        }
    }
}
