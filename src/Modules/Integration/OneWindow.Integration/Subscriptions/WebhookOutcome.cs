using OneWindow.Shared.Http;

namespace OneWindow.Integration.Subscriptions;

/// <summary>What a subscription request came to; expected failures are values the API maps to problem documents.</summary>
public sealed record WebhookOutcome<T>(WebhookStatus Status, T? Value = default, ValidationErrors? Errors = null, string? Message = null)
    where T : class
{
    public bool Succeeded => Status == WebhookStatus.Ok;

    public static WebhookOutcome<T> Ok(T value) => new(WebhookStatus.Ok, value);

    public static WebhookOutcome<T> Invalid(ValidationErrors errors) => new(WebhookStatus.Invalid, Errors: errors);

    public static WebhookOutcome<T> Forbidden(string message) => new(WebhookStatus.Forbidden, Message: message);

    public static WebhookOutcome<T> NotFound(string message) => new(WebhookStatus.NotFound, Message: message);
}

public enum WebhookStatus
{
    Ok,
    Invalid,
    Forbidden,
    NotFound,
}
