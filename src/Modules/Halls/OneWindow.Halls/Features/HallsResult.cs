using OneWindow.Shared.Http;

namespace OneWindow.Halls.Features;

public enum HallsFailure
{
    None,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
    Unavailable,
}

/// <summary>The result of a halls operation: a value, or an expected failure (field errors, or one message) that the
/// API turns into a problem document and the pages show beside the fields.</summary>
public sealed record HallsResult<T>(T? Value, HallsFailure Failure = HallsFailure.None, ValidationErrors? Errors = null, string? Message = null)
{
    public bool Ok => Failure == HallsFailure.None;

    public static implicit operator HallsResult<T>(T value) => new(value);

    public static HallsResult<T> Fail(HallsFailure failure, string message) => new(default, failure, Message: message);

    public static HallsResult<T> Invalid(ValidationErrors errors) => new(default, HallsFailure.Invalid, errors);

    public static HallsResult<T> Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }
}
