using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Data;
using OneWindow.Exchange.Domain;
using OneWindow.Exchange.Log;
using OneWindow.Shared.Data;
using OneWindow.Shared.Paging;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Calls;

/// <summary>
/// Rows of a "table" resource held on the platform (exchange_rows): by named subjects (blind index), by filters on
/// granted items, or all, in id order with keyset paging. Filters become SQL on the row's JSON (json_extract on SQLite,
/// jsonb ->> on PostgreSQL): the item key is one of the resource's item keys (checked before, ASCII letters and digits
/// only) and the value is always a parameter, so nothing the caller writes becomes SQL text.
/// </summary>
internal sealed class TableRowSource(ExchangeDbContext db, SubjectIndex index) : IRowSource
{
    public string Holding => ResourceHoldings.Table;

    public bool Searchable => true;

    public async Task<SourcePage> ReadAsync(RowQuery query, CancellationToken ct)
    {
        var rows = Filtered(query).Where(r => r.ResourceCode == query.Resource.Code && !r.Deleted);
        if (query.Subjects.Count > 0)
        {
            var indexes = query.Subjects.Select(index.Of).ToList();
            rows = rows.Where(r => r.SubjectIndex != null && indexes.Contains(r.SubjectIndex));
        }

        if (query.Region is { } region)
        {
            var prefix = OneWindow.Shared.Security.RegionCodes.Prefix(region);
            rows = rows.Where(r => r.RegionCode != null && r.RegionCode.StartsWith(prefix));
        }

        if (query.After != null)
        {
            if (!Cursor.TryDecode(query.After, out var after))
            {
                throw new SourceFailedException(ExchangeText.Invalid("after", "exchange.cursor_invalid"));
            }

            rows = rows.Where(r => r.Id > after);
        }

        var page = await rows.OrderBy(r => r.Id).Take(query.PageSize + 1).AsNoTracking().ToListAsync(ct);
        var more = page.Count > query.PageSize;
        var shown = page.Take(query.PageSize).Select(r => new SourceRow(Parse(r.DataJson), r.SubjectIndex, r.RegionCode)).ToList();
        return new SourcePage(shown, more ? Cursor.Encode(page[query.PageSize - 1].Id) : null);
    }

    internal static IReadOnlyDictionary<string, string?> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];

    private IQueryable<HeldRow> Filtered(RowQuery query)
    {
        if (query.Filters.Count == 0)
        {
            return db.Rows;
        }

        var postgres = RawSql.IsPostgres(db);
        var sql = new StringBuilder("SELECT * FROM exchange_rows WHERE 1 = 1");
        var parameters = new List<object>();
        foreach (var filter in query.Filters)
        {
            var column = postgres ? $"(data_json::jsonb ->> '{filter.Item}')" : $"json_extract(data_json, '$.{filter.Item}')";
            var p = "{" + parameters.Count + "}";
            sql.Append(filter.Op switch
            {
                "eq" => $" AND {column} = {p}",
                "prefix" => $" AND {column} LIKE {p} ESCAPE '\\'",
                "ge" => $" AND {column} >= {p}",
                _ => $" AND {column} <= {p}",
            });
            parameters.Add(filter.Op == "prefix" ? EscapeLike(filter.Value) + "%" : filter.Value);
        }

        return db.Rows.FromSqlRaw(sql.ToString(), parameters.ToArray());
    }

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
