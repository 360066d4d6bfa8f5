namespace OneWindow.Exchange.Features.Calls;

/// <summary>A consumer system's call (POST /api/v1/exchange/{code}/query). Subjects are citizen ID numbers or credit
/// codes, sent in the body so they never appear in a URL or a request log.</summary>
public sealed record ExchangeQuery(
    long? GrantId,
    string? Purpose,
    string? CaseNumber,
    List<string>? Subjects,
    List<QueryFilter>? Filters,
    List<string>? Items,
    int? PageSize,
    string? After);

/// <summary>A filter on one granted item: op eq | prefix | ge | le (ge/le compare text, which orders yyyy-MM-dd dates and
/// fixed-width codes correctly).</summary>
public sealed record QueryFilter(string? Item, string? Op, string? Value);

/// <summary>The answer: only the granted items asked for; <paramref name="Masked"/> names the personal items masked
/// because the grant does not give them in clear; <paramref name="LogId"/> is the call's entry in the exchange log.</summary>
public sealed record ExchangeAnswer(
    string Resource,
    int Version,
    long GrantId,
    long LogId,
    IReadOnlyList<string> Items,
    IReadOnlyList<string> Masked,
    IReadOnlyList<Dictionary<string, string?>> Rows,
    string? NextCursor);
