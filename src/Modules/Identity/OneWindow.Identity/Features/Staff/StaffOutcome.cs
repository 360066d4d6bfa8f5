using OneWindow.Shared.Http;

namespace OneWindow.Identity.Features.Staff;

/// <summary>What a staff administration request came to. Expected failures are values (house style): the API maps
/// them to problem documents, the pages to messages beside the fields.</summary>
public sealed record StaffOutcome<T>(StaffStatus Status, T? Value = default, ValidationErrors? Errors = null, string? Message = null)
    where T : class
{
    public bool Succeeded => Status == StaffStatus.Ok;

    public static StaffOutcome<T> Ok(T value) => new(StaffStatus.Ok, value);

    public static StaffOutcome<T> Invalid(ValidationErrors errors) => new(StaffStatus.Invalid, Errors: errors);

    public static StaffOutcome<T> Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return new(StaffStatus.Invalid, Errors: errors);
    }

    public static StaffOutcome<T> Forbidden(string message) => new(StaffStatus.Forbidden, Message: message);

    public static StaffOutcome<T> NotFound() => new(StaffStatus.NotFound, Message: "没有该工作人员账号");

    public static StaffOutcome<T> Conflict(string message) => new(StaffStatus.Conflict, Message: message);
}

public enum StaffStatus
{
    Ok,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}
