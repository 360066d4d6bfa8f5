namespace OneWindow.Identity.Features.ApiKeys;

/// <summary>Identity:ApiKeys settings.</summary>
public sealed class ApiKeySettings
{
    /// <summary>Requests per minute of a new key, and the most a key may ask for (a lower permit may be chosen).</summary>
    public int PermitPerMinute { get; init; } = 60;

    /// <summary>Live (not revoked, not expired) keys one citizen may hold.</summary>
    public int MaxKeysPerCitizen { get; init; } = 10;

    /// <summary>Longest lifetime a key may be given, in days (a key may also never expire).</summary>
    public int MaxLifetimeDays { get; init; } = 730;
}
