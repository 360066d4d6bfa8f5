using Microsoft.Extensions.Configuration;

namespace OneWindow.Oidc;

/// <summary>Settings of the OpenID Connect provider (configuration section Oidc).</summary>
public sealed class OidcOptions
{
    public const string Section = "Oidc";

    /// <summary>The issuer (scheme://host[:port], no trailing slash). Unset: each request's own origin, which suits
    /// development; set it in production so tokens do not depend on the Host header.</summary>
    public string? Issuer { get; set; }

    /// <summary>The aud of access tokens: the platform's own APIs.</summary>
    public string ApiAudience { get; set; } = "onewindow-api";

    /// <summary>How long a signing key signs before the next one takes over.</summary>
    public int KeyLifetimeDays { get; set; } = 30;

    public int AccessTokenMinutes { get; set; } = 10;

    public int IdTokenMinutes { get; set; } = 10;

    public int AuthorizationCodeSeconds { get; set; } = 60;

    /// <summary>How long a refresh token lasts unused: each rotation issues a successor with a fresh period, so a
    /// system that refreshes at least this often keeps the user signed in while the account and session stay valid.</summary>
    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>The longest a refresh token family lives after the user signed in, however often it is rotated; then
    /// the user signs in again.</summary>
    public int RefreshFamilyDays { get; set; } = 90;

    /// <summary>Token endpoint requests per client address per minute.</summary>
    public int TokenPermitPerMinute { get; set; } = 120;

    /// <summary>Run the key rotation and housekeeping loop on this node (every node may; a lock keeps them apart).</summary>
    public bool Rotation { get; set; } = true;

    /// <summary>Production: say at start-up when the issuer is left to the request's origin.</summary>
    internal bool WarnWithoutIssuer { get; set; }

    /// <summary>Tolerated clock difference between nodes and relying parties when checking exp/nbf.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public TimeSpan KeyLifetime => TimeSpan.FromDays(KeyLifetimeDays);

    public TimeSpan AccessTokenLifetime => TimeSpan.FromMinutes(AccessTokenMinutes);

    public TimeSpan IdTokenLifetime => TimeSpan.FromMinutes(IdTokenMinutes);

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromDays(RefreshTokenDays);

    public TimeSpan RefreshFamilyLifetime => TimeSpan.FromDays(RefreshFamilyDays);

    /// <summary>A successor key is published this long before it starts signing, so relying parties that cache the
    /// JWKS have seen it by then: a day, or a quarter of the key lifetime if that is shorter.</summary>
    public TimeSpan KeyPrePublish => TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, KeyLifetime.Ticks / 4));

    /// <summary>How long a retired key stays published: the longest token it can have signed, plus skew.</summary>
    public TimeSpan KeyRetention => (AccessTokenLifetime > IdTokenLifetime ? AccessTokenLifetime : IdTokenLifetime) + ClockSkew + ClockSkew;

    public static OidcOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<OidcOptions>() ?? new OidcOptions();
        options.Issuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer.Trim().TrimEnd('/');
        if (options.Issuer != null && (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || issuer.Query.Length > 0 || issuer.Fragment.Length > 0
            || (issuer.Scheme != Uri.UriSchemeHttps && !issuer.IsLoopback)))
        {
            throw new InvalidOperationException("Oidc:Issuer must be an https URL without query or fragment (http only for localhost), e.g. https://zwfw.example.gov.cn");
        }

        if (options.KeyLifetimeDays < 1 || options.AccessTokenMinutes is < 1 or > 60 || options.IdTokenMinutes is < 1 or > 60 || options.AuthorizationCodeSeconds is < 10 or > 600
            || options.RefreshTokenDays is < 1 or > 365 || options.RefreshFamilyDays < options.RefreshTokenDays || options.RefreshFamilyDays > 3650)
        {
            throw new InvalidOperationException("Oidc settings out of range: KeyLifetimeDays ≥ 1, AccessTokenMinutes and IdTokenMinutes 1-60, AuthorizationCodeSeconds 10-600, RefreshTokenDays 1-365, RefreshFamilyDays from RefreshTokenDays to 3650.");
        }

        return options;
    }
}
