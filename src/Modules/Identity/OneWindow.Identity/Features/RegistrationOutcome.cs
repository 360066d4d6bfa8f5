using OneWindow.Shared.Http;

namespace OneWindow.Identity.Features;

/// <summary>What a registration came to. Expected failures are values (house style): the API maps them to problem
/// documents, the page to messages beside the fields.</summary>
public sealed record RegistrationOutcome<T>(RegistrationStatus Status, T? Value = default, ValidationErrors? Errors = null, string? Message = null)
    where T : class
{
    public static RegistrationOutcome<T> Ok(T value) => new(RegistrationStatus.Ok, value);

    public static RegistrationOutcome<T> Invalid(ValidationErrors errors) => new(RegistrationStatus.Invalid, Errors: errors);

    public static RegistrationOutcome<T> Conflict(string message) => new(RegistrationStatus.Conflict, Message: message);

    public static RegistrationOutcome<T> Forbidden(string message) => new(RegistrationStatus.Forbidden, Message: message);
}

public enum RegistrationStatus
{
    Ok,
    Invalid,
    Conflict,
    Forbidden,
}
