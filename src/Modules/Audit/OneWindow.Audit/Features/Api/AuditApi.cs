using OneWindow.Shared.Security;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OneWindow.Audit.Domain;
using OneWindow.Audit.Features.Search;
using OneWindow.Audit.Features.Verify;
using OneWindow.Shared.Http;

namespace OneWindow.Audit.Features.Api;

public sealed record VerifyResponse(bool Ok, long Checked, long? FirstBad, string? Problem);

public sealed record AuditEntryResponse(long Seq, DateTimeOffset OccurredAt, string Actor, string? ActorDepartment, string Action,
    string TargetType, string TargetId, string Summary, string? DataJson, string RequestId, bool Sealed, DateTimeOffset? SealedAt)
{
    public static AuditEntryResponse From(AuditEntry e) =>
        new(e.Seq, e.OccurredAt, e.Actor, e.ActorDepartment, e.Action, e.TargetType, e.TargetId, e.Summary, e.DataJson, e.RequestId, e.Seal != null, e.SealedAt);
}

public sealed record AuditListResponse(IReadOnlyList<AuditEntryResponse> Entries, long? NextAfter);

/// <summary>/api/v1/audit: search and verify the audit log. Platform administrators only.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app, string adminPolicy)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(adminPolicy).RequireScope(AuditScopes.Read);
        group.MapGet("/verify", Verify).WithName("VerifyAuditLog")
            .WithSummary("Recompute the audit hash chain")
            .WithDescription("Checks every sealed entry in seq order. `firstBad` is the seq where the first problem shows: an edited entry, an entry missing or altered before it, swapped entries, or an entry left unsealed for more than a minute.");
        group.MapGet("/entries", List).WithName("ListAuditEntries")
            .WithSummary("Search audit entries, newest first")
            .WithDescription("Filters: actor (exact), action (exact or a prefix ending at a dot, e.g. catalog.item), target (`type` or `type:id`), from/to (ISO 8601, to exclusive). Keyset paging: pass `after` = nextAfter of the previous page. pageSize 1-200 (default 50).");
        return app;
    }

    private static async Task<Ok<VerifyResponse>> Verify(AuditVerifier verifier, CancellationToken ct)
    {
        var result = await verifier.VerifyAsync(ct);
        return TypedResults.Ok(new VerifyResponse(result.Ok, result.Checked, result.FirstBad, result.Problem));
    }

    private static async Task<Results<Ok<AuditListResponse>, ValidationProblem>> List(
        string? actor, string? action, string? target, string? from, string? to, string? after, string? pageSize, AuditSearch search, CancellationToken ct)
    {
        var (query, errors) = Parse(actor, action, target, from, to, after, pageSize);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "查询参数有误");
        }

        var page = await search.SearchAsync(query, ct);
        return TypedResults.Ok(new AuditListResponse(page.Entries.Select(AuditEntryResponse.From).ToList(), page.NextAfter));
    }

    /// <summary>Shared with the admin page so both accept exactly the same filters.</summary>
    public static (AuditQuery Query, ValidationErrors Errors) Parse(string? actor, string? action, string? target, string? from, string? to, string? after, string? pageSize)
    {
        var errors = new ValidationErrors();
        if (actor is { Length: > 100 }) errors.Add("actor", "操作人不能超过100个字符");
        if (action is { Length: > 64 }) errors.Add("action", "操作类型不能超过64个字符");
        if (target is { Length: > 170 }) errors.Add("target", "对象不能超过170个字符");
        var fromAt = ParseTime(from, "from", errors);
        var toAt = ParseTime(to, "to", errors);
        long? afterSeq = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0) afterSeq = seq;
            else errors.Add("after", "after 应为上一页返回的 nextAfter（正整数）");
        }

        var size = 50;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > AuditQuery.MaxPageSize))
        {
            errors.Add("pageSize", $"pageSize 应为 1 至 {AuditQuery.MaxPageSize}");
        }

        return (new AuditQuery(Blank(actor), Blank(action), Blank(target), fromAt, toAt, afterSeq, size), errors);
    }

    private static DateTimeOffset? ParseTime(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors.Add(field, $"{field} 应为 ISO 8601 时间，例如 2026-01-31 或 2026-01-31T08:00:00Z");
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
