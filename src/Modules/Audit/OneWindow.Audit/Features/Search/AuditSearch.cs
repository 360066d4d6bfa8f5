using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Data;
using OneWindow.Audit.Domain;

namespace OneWindow.Audit.Features.Search;

/// <summary>Filters for the admin search. Target is "type" or "type:id". After is the last seq of the previous page.</summary>
public sealed record AuditQuery(string? Actor, string? Action, string? Target, DateTimeOffset? From, DateTimeOffset? To, long? After, int PageSize)
{
    public const int MaxPageSize = 200;
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextAfter);

/// <summary>Newest first, keyset on seq: pages stay cheap however deep, and stay stable while new entries arrive.</summary>
public sealed class AuditSearch(AuditDbContext db)
{
    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        var rows = db.Entries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            rows = rows.Where(e => e.Actor == query.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            // "catalog.item" finds every catalog.item.* action; an exact name finds itself.
            rows = rows.Where(e => e.Action == action || e.Action.StartsWith(action + "."));
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            var parts = query.Target.Trim().Split(':', 2);
            var type = parts[0];
            rows = rows.Where(e => e.TargetType == type);
            if (parts.Length == 2)
            {
                var id = parts[1];
                rows = rows.Where(e => e.TargetId == id);
            }
        }

        if (query.From is { } from)
        {
            rows = rows.Where(e => e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(e => e.OccurredAt < to);
        }

        if (query.After is { } after)
        {
            rows = rows.Where(e => e.Seq < after);
        }

        var page = await rows.OrderByDescending(e => e.Seq).Take(query.PageSize + 1).ToListAsync(ct);
        var more = page.Count > query.PageSize;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        return new AuditPage(page, more ? page[^1].Seq : null);
    }
}
