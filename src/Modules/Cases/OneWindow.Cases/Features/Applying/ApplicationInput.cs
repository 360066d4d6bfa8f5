namespace OneWindow.Cases.Features.Applying;

/// <summary>What an applicant fills in: answers to the form, how the result should reach them, and (API only) the
/// materials by file id. Pages send the same through the draft.</summary>
public sealed record ApplicationInput(
    IReadOnlyDictionary<string, string?> Answers,
    string? DeliveryMethod,
    string? DeliveryAddress,
    IReadOnlyList<MaterialInput>? Materials = null);

public sealed record MaterialInput(int MaterialIndex, long FileId, string? Note);
