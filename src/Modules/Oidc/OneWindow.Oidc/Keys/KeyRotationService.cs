using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Oidc.Data;
using OneWindow.Shared.Startup;

namespace OneWindow.Oidc.Keys;

/// <summary>Makes sure a signing key exists before the node serves traffic (after migrations).</summary>
public sealed class SigningKeyStartupTask(KeyRotation rotation, OidcOptions options, ILogger<SigningKeyStartupTask> logger) : IStartupTask
{
    public string Name => "oidc.signing-key";

    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Issuer == null && options.WarnWithoutIssuer)
        {
            logger.LogWarning("Oidc:Issuer is not set: the OIDC issuer follows each request's origin. Set it to the public https address in production.");
        }

        return rotation.RotateAsync(cancellationToken);
    }
}

/// <summary>
/// Every minute on every node: rotate keys when due (one node at a time, under the rotation lock), refresh this node's
/// key cache (so keys made elsewhere are known before they sign), and delete authorization codes a day past expiry
/// (kept that long so a late replay is still recognised and audited), refresh tokens a day past expiry, and revoked
/// access-token ids once the token has expired (it is refused by its lifetime from then on).
/// </summary>
public sealed class KeyRotationService(IServiceProvider services, StartupGate gate, TimeProvider clock, ILogger<KeyRotationService> logger)
    : PeriodicWorker(services, gate, logger)
{
    public static readonly TimeSpan CodeRetention = TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    // A busy database or a lost connection: the next tick tries again; the current key keeps signing.
    protected override string FailureMessage => "OIDC key rotation failed; retrying";

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        await scoped.GetRequiredService<KeyRotation>().RotateAsync(ct);
        var cutoff = clock.GetUtcNow() - CodeRetention;
        var db = scoped.GetRequiredService<OidcDbContext>();
        await db.AuthorizationCodes.Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(ct);
        await db.RefreshTokens.Where(t => t.ExpiresAt < cutoff).ExecuteDeleteAsync(ct);
        var expired = clock.GetUtcNow() - OidcOptions.ClockSkew;
        await db.RevokedAccessTokens.Where(t => t.ExpiresAt < expired).ExecuteDeleteAsync(ct);
    }
}
