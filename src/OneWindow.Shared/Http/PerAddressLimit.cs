using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace OneWindow.Shared.Http;

/// <summary>The platform's rate-limit partition: a fixed one-minute window per client address and policy. Behind a
/// proxy, forwarded headers must be configured so RemoteIpAddress is the caller's.</summary>
public static class PerAddressLimit
{
    public static RateLimitPartition<string> PerMinute(HttpContext context, string policy, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(policy + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString()),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
