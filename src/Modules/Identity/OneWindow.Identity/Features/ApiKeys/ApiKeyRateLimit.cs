using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using OneWindow.Shared.Http;
using OneWindow.Shared.Security;

namespace OneWindow.Identity.Features.ApiKeys;

/// <summary>
/// The <see cref="PlatformAuthentication.ApiKeyRateLimit"/> policy: a fixed one-minute window per API key with the
/// key's own permit; callers without a key share a per-address window of the default permit. A refused request gets
/// 429 with Retry-After and a problem (identity.api_key_rate_limited). Per node: behind a load balancer a key may get
/// up to its permit on each node.
/// </summary>
public sealed class ApiKeyRateLimitPolicy(ApiKeySettings settings) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var user = httpContext.User;
        if (user.Identity?.AuthenticationType == PlatformAuthentication.ApiKeyScheme
            && long.TryParse(user.FindFirstValue(PlatformClaims.ApiKeyId), NumberStyles.None, CultureInfo.InvariantCulture, out var keyId)
            && int.TryParse(user.FindFirstValue(PlatformClaims.ApiKeyPermit), NumberStyles.None, CultureInfo.InvariantCulture, out var permit) && permit > 0)
        {
            return RateLimitPartition.GetFixedWindowLimiter("api-key:" + keyId.ToString(CultureInfo.InvariantCulture),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }

        return PerAddressLimit.PerMinute(httpContext, "api-key-anonymous", settings.PermitPerMinute);
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: IdentityText.T("identity.title.toomany"),
            detail: IdentityText.T("identity.api_key_rate_limited", seconds),
            extensions: new Dictionary<string, object?> { ["code"] = "identity.api_key_rate_limited" }).ExecuteAsync(context.HttpContext);
    }
}
