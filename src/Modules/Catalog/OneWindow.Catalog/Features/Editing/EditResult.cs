namespace OneWindow.Catalog.Features.Editing;

/// <summary>What a successful catalogue change came to: the item and its version. Expected failures are
/// <see cref="OneWindow.Shared.Results.Failure"/> values (house style): the API maps them to ProblemDetails, pages
/// show their detail or field errors.</summary>
public sealed record EditResult(long ItemId, int VersionNo);
