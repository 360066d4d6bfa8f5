using OneWindow.Exchange.Domain;

namespace OneWindow.Exchange.Features.Api;

public sealed record GrantResponse(
    long Id, string ResourceCode, int ResourceVersion, string ResourceName, string SharingClass, long ProviderDepartmentId, long ConsumerDepartmentId,
    string RequestedBy, string Purpose, string LegalBasis, IReadOnlyList<string> Items, IReadOnlyList<string> ClearItems, string RowScope,
    string? RowRegion, IReadOnlyList<string> ClientIds, string ValidFrom, string ValidUntil, string Status, DateTimeOffset RequestedAt, string DueOn,
    DateTimeOffset? EscalatedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, string? RevokedBy, DateTimeOffset? RevokedAt,
    string? RevokeReason)
{
    public static GrantResponse From(DataGrant g) => new(
        g.Id, g.ResourceCode, g.ResourceVersion, g.ResourceName, g.SharingClass, g.ProviderDepartmentId, g.ConsumerDepartmentId, g.RequestedBy,
        g.Purpose, g.LegalBasis, g.Items.Split(' ', StringSplitOptions.RemoveEmptyEntries), g.ClearItems.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        g.RowScope, g.RowRegion, g.ClientIds.Split(' ', StringSplitOptions.RemoveEmptyEntries), Day(g.ValidFrom), Day(g.ValidUntil), g.Status,
        g.RequestedAt, Day(g.DueOn), g.EscalatedAt, g.DecidedBy, g.DecidedAt, g.DecisionReason, g.RevokedBy, g.RevokedAt, g.RevokeReason);

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record GrantListResponse(IReadOnlyList<GrantResponse> Items, string? NextCursor);

public sealed record SubscriptionResponse(long Id, long GrantId, string ResourceCode, long LastSequence, bool Active, DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(ChangeSubscription s) => new(s.Id, s.GrantId, s.ResourceCode, s.LastSequence, s.Active, s.CreatedAt);
}

public sealed record ObjectionResponse(
    long Id, long LogId, long ProviderDepartmentId, long ConsumerDepartmentId, string ResourceCode, string Reason, string Status, string DueOn,
    DateTimeOffset CreatedAt, string? Answer, DateTimeOffset? AnsweredAt)
{
    public static ObjectionResponse From(DataUseObjection o) => new(
        o.Id, o.LogEntryId, o.ProviderDepartmentId, o.ConsumerDepartmentId, o.ResourceCode, o.Reason, o.Status, GrantResponse.Day(o.DueOn), o.CreatedAt,
        o.Answer, o.AnsweredAt);
}

public sealed record ObjectionListResponse(IReadOnlyList<ObjectionResponse> Items, string? NextCursor);

public sealed record AnswerRequest(string? Answer);
