namespace OneWindow.Shared.Security;

/// <summary>
/// One 32-byte key a module keeps secrets at rest under, described for <see cref="AtRestKeys"/>: where it is configured
/// and, for the start-up error, who needs it and what it protects.
/// </summary>
/// <param name="Setting">Configuration key, e.g. "Oidc:KeyEncryptionKey" (environment: Oidc__KeyEncryptionKey).</param>
/// <param name="Module">Who cannot start without it, e.g. "The OIDC provider".</param>
/// <param name="Protects">What it protects, e.g. "the token signing keys".</param>
/// <param name="LegacyFile">A key file an earlier version generated beside the SQLite database ("oidc-key" for
/// &lt;database&gt;.oidc-key) and the line the key is on, so data sealed under it stays readable in Development.</param>
public sealed record AtRestKey(string Setting, string Module, string Protects, string? LegacyFile = null, int LegacyLine = 0)
{
    /// <summary>The name to set in the environment (":" is not allowed there).</summary>
    public string EnvironmentName => Setting.Replace(":", "__", StringComparison.Ordinal);
}
