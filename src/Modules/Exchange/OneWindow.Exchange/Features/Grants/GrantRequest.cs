namespace OneWindow.Exchange.Features.Grants;

/// <summary>What a consuming department asks for (API body and the request form). Dates are yyyy-MM-dd (China);
/// without them the grant runs from today for one year.</summary>
public sealed record GrantRequest(
    string? ResourceCode,
    string? Purpose,
    string? LegalBasis,
    List<string>? Items,
    List<string>? ClearItems,
    string? RowScope,
    string? RowRegion,
    List<string>? ClientIds,
    string? ValidFrom,
    string? ValidUntil);

/// <summary>The provider's answer: a reason is required to refuse or revoke, optional to approve.</summary>
public sealed record GrantDecision(string? Reason);
