using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Shared.Organisation;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;

namespace OneWindow.Exchange.Features.Grants;

/// <summary>Lists of requests and grants, newest first with keyset paging: the caller's department as consumer or as
/// provider, or (data administrators, supervisors) the escalated requests of providers in their region.</summary>
public sealed class GrantLists(ExchangeDbContext db, IOrganisationDirectory organisation)
{
    public const string AsConsumer = "consumer";
    public const string AsProvider = "provider";
    public const string Escalated = "escalated";

    public async Task<Outcome<(IReadOnlyList<DataGrant> Items, string? Next)>> ListAsync(GrantActor actor, string? side, string? status, string? after, int? pageSize, CancellationToken ct)
    {
        var size = pageSize ?? 20;
        if (size is < 1 or > 100)
        {
            return ExchangeText.Invalid("pageSize", "exchange.page_size", 100);
        }

        if (!Cursor.TryDecodeOptional(after, out var last))
        {
            return ExchangeText.Invalid("after", "exchange.cursor_invalid");
        }

        IQueryable<DataGrant> query;
        switch (side ?? AsConsumer)
        {
            case AsConsumer or AsProvider when actor.Principal.DepartmentId is { } department:
                query = side == AsProvider ? db.Grants.Where(g => g.ProviderDepartmentId == department) : db.Grants.Where(g => g.ConsumerDepartmentId == department);
                break;
            case Escalated:
                var reach = (await organisation.DepartmentsAsync(ct))
                    .Where(d => actor.IsPlatformAdmin || actor.ReachesAsOverseer(d)).Select(d => d.Id).ToList();
                query = db.Grants.Where(g => g.EscalatedAt != null && g.Status == GrantStatus.Pending && reach.Contains(g.ProviderDepartmentId));
                break;
            default:
                return ExchangeText.Invalid("as", "exchange.list_side");
        }

        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(g => g.Status == status);
        }

        if (last is { } id)
        {
            query = query.Where(g => g.Id < id);
        }

        var page = await query.OrderByDescending(g => g.Id).Take(size + 1).AsNoTracking().ToListAsync(ct);
        var items = page.Take(size).ToList();
        return (items, page.Count > size ? Cursor.Encode(items[^1].Id) : null);
    }
}
