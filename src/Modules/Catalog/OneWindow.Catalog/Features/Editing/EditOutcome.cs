using OneWindow.Shared.Http;

namespace OneWindow.Catalog.Features.Editing;

/// <summary>What a catalogue change came to. Expected failures are values, not exceptions (house style):
/// the API maps them to ProblemDetails, pages to messages beside the fields.</summary>
public sealed record EditOutcome(EditStatus Status, long ItemId = 0, int VersionNo = 0, ValidationErrors? Errors = null, string? Message = null)
{
    public bool Succeeded => Status == EditStatus.Ok;

    public static EditOutcome Ok(long itemId, int versionNo) => new(EditStatus.Ok, itemId, versionNo);

    public static EditOutcome Invalid(ValidationErrors errors) => new(EditStatus.Invalid, Errors: errors);

    public static EditOutcome Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static EditOutcome NotFound(string message = "事项不存在") => new(EditStatus.NotFound, Message: message);

    public static EditOutcome Forbidden(string message) => new(EditStatus.Forbidden, Message: message);

    public static EditOutcome Conflict(string message) => new(EditStatus.Conflict, Message: message);
}

public enum EditStatus
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}
