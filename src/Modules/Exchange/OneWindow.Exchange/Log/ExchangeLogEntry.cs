namespace OneWindow.Exchange.Log;

/// <summary>
/// One exchange call as the log keeps it (调用日志): who asked whom for what, why, about whom, what came back and how
/// it ended. Written for every call, refused ones included. <paramref name="SubjectIndexes"/> are blind indexes
/// (<see cref="SubjectIndex"/>) of the citizen ID numbers / credit codes the answer touched — the log never holds
/// the numbers themselves, yet a citizen can find every read of their data. <paramref name="Items"/> are the item keys
/// returned (empty when refused). <paramref name="Outcome"/> is "ok" or the problem code of the refusal/error.
/// </summary>
public sealed record ExchangeLogEntry(
    DateTimeOffset At,
    string Consumer,
    long ConsumerDepartmentId,
    long ProviderDepartmentId,
    string ResourceCode,
    long? GrantId,
    string? Purpose,
    string? CaseNumber,
    string? LegalBasis,
    IReadOnlyList<string> SubjectIndexes,
    IReadOnlyList<string> Items,
    int Rows,
    string Outcome,
    int DurationMs,
    string RequestId)
{
    public const string Ok = "ok";
}

/// <summary>A logged call as read back, with its id (the position in the log).</summary>
public sealed record LoggedCall(long Id, ExchangeLogEntry Entry);

/// <summary>Writes the exchange log. The task completes only once the entry is durable (committed), so no call is
/// answered with data that the log could later be missing.</summary>
public interface IExchangeCallLog
{
    Task<long> WriteAsync(ExchangeLogEntry entry, CancellationToken ct);
}

/// <summary>Reads the exchange log: the citizen's data-use log reads by subject; objections look one entry up.</summary>
public interface IExchangeLogReader
{
    /// <summary>Calls that touched any of these subjects and returned data (outcome ok), newest first; keyset paging on
    /// the id (<paramref name="beforeId"/>: the last id of the previous page).</summary>
    Task<IReadOnlyList<LoggedCall>> ForSubjectsAsync(IReadOnlyCollection<string> subjectIndexes, long? beforeId, int pageSize, CancellationToken ct);

    Task<LoggedCall?> FindAsync(long id, CancellationToken ct);
}
