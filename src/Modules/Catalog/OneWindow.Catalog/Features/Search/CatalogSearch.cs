using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Search;

namespace OneWindow.Catalog.Features.Search;

/// <summary>
/// Catalogue search over the token column: GIN containment (@>) on PostgreSQL, FTS5 MATCH on SQLite.
/// Ranking: exact name, then name prefix, then name containing the query, then popularity.
/// Counting stops at <see cref="CountCap"/>+1 rows so a one-character query over 100,000 items stays cheap.
/// </summary>
public sealed class CatalogSearch(CatalogDbContext db)
{
    public const int CountCap = 10_000;
    public const int MaxPageSize = 100;

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var query = SearchTokenizer.Parse(request.Q);
        var required = new List<string>();
        var alternatives = new List<IReadOnlyList<IReadOnlyList<string>>>();
        foreach (var term in query.Terms)
        {
            if (term.Alternatives.Count == 1)
            {
                required.AddRange(term.Alternatives[0]);
            }
            else if (term.Alternatives.Count > 1)
            {
                alternatives.Add(term.Alternatives);
            }
        }

        AddFilters(request, required);
        if (required.Count == 0 && alternatives.Count == 0)
        {
            required.Add(FilterToken.All);
        }

        var nameQuery = query.Terms.Count > 0 ? string.Concat(query.Terms.Select(t => t.Text)) : "";
        // Latin terms (pinyin, initials) rank an item first when they match its name, not just a keyword.
        var nameBoost = query.Terms
            .Select(t => t.Alternatives.Where(a => a.Count > 0 && a.All(NameTokens.IsPhonetic)).Select(a => (IReadOnlyList<string>)a.Select(NameTokens.ForName).ToList()).ToList())
            .Where(alternatives => alternatives.Count > 0)
            .ToList();
        var postgres = db.IsPostgres;
        var where = postgres ? PostgresWhere(required, alternatives) : SqliteWhere(required, alternatives);

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var items = await ReadPageAsync(connection, postgres, where, nameQuery, nameBoost, request, pageSize, ct);
        var total = await CountAsync(connection, where, ct);
        var hasMore = items.Count > pageSize;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new SearchResult(items, Math.Min(total, CountCap), total > CountCap, items.Count > 0 ? items[^1].Id : null, hasMore);
    }

    private static void AddFilters(SearchRequest request, List<string> required)
    {
        if (request.DepartmentId is { } department) required.Add(FilterToken.Department(department));
        if (request.Target is { } target) required.Add(FilterToken.Target(target));
        if (!string.IsNullOrWhiteSpace(request.Topic)) required.Add(FilterToken.Topic(request.Topic.Trim()));
        if (!string.IsNullOrWhiteSpace(request.ItemType)) required.Add(FilterToken.ItemType(request.ItemType.Trim()));
        if (request.OnlineDepth is { } depth) required.Add(FilterToken.OnlineDepth(depth));
        if (!string.IsNullOrWhiteSpace(request.RegionCode)) required.Add(FilterToken.Region(request.RegionCode.Trim()));
    }

    private sealed record Where(string Sql, List<(string Name, object Value)> Parameters);

    private static Where PostgresWhere(List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives)
    {
        var parameters = new List<(string, object)>();
        var sql = new StringBuilder();
        if (required.Count > 0)
        {
            parameters.Add(("req", required.Distinct().ToArray()));
            sql.Append("s.tokens @> @req");
        }

        for (var t = 0; t < alternatives.Count; t++)
        {
            if (sql.Length > 0) sql.Append(" AND ");
            sql.Append('(');
            for (var a = 0; a < alternatives[t].Count; a++)
            {
                var name = $"alt{t}_{a}";
                parameters.Add((name, alternatives[t][a].ToArray()));
                sql.Append(a > 0 ? " OR " : "").Append("s.tokens @> @").Append(name);
            }

            sql.Append(')');
        }

        return new Where(sql.ToString(), parameters);
    }

    private static Where SqliteWhere(List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives)
    {
        var match = new StringBuilder();
        foreach (var token in required.Distinct())
        {
            if (match.Length > 0) match.Append(" AND ");
            match.Append(Quote(token));
        }

        foreach (var term in alternatives)
        {
            if (match.Length > 0) match.Append(" AND ");
            match.Append('(').Append(string.Join(" OR ", term.Select(alt => "(" + string.Join(" AND ", alt.Select(Quote)) + ")"))).Append(')');
        }

        return new Where("s.service_item_id IN (SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH @match)", [("match", match.ToString())]);
    }

    /// <summary>True when every latin term matches the name's own pinyin/initials (np:/ni: tokens). SQLite keeps the
    /// tokens as one space-separated string, so membership is a substring test on the row already read.</summary>
    private static string NameBoostSql(DbCommand command, bool postgres, List<List<IReadOnlyList<string>>> nameBoost)
    {
        var terms = new List<string>();
        var n = 0;
        foreach (var alternatives in nameBoost)
        {
            var options = new List<string>();
            foreach (var tokens in alternatives)
            {
                if (postgres)
                {
                    var name = $"nb{n++}";
                    Add(command, name, tokens.ToArray());
                    options.Add($"s.tokens @> @{name}");
                }
                else
                {
                    options.Add("(" + string.Join(" AND ", tokens.Select(token =>
                    {
                        var name = $"nb{n++}";
                        Add(command, name, " " + token + " ");
                        return $"instr(' ' || s.tokens || ' ', @{name}) > 0";
                    })) + ")");
                }
            }

            terms.Add("(" + string.Join(" OR ", options) + ")");
        }

        return "(" + string.Join(" AND ", terms) + ")";
    }

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"") + "\"";

    private static async Task<List<SearchHit>> ReadPageAsync(DbConnection connection, bool postgres, Where where, string nameQuery, List<List<IReadOnlyList<string>>> nameBoost, SearchRequest request, int pageSize, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT s.service_item_id, s.name, s.implementation_code, s.department_id, s.region_code, s.item_type, s.targets,
                   s.online_depth, s.promised_days, s.visits, s.summary, s.suspended, s.popularity, s.version_no
            FROM catalog_search s
            WHERE
            """);
        sql.Append(' ').Append(where.Sql);
        if (request.AfterId is { } after)
        {
            sql.Append(" AND s.service_item_id > @after ORDER BY s.service_item_id");
            Add(command, "after", after);
        }
        else if (nameQuery.Length > 0)
        {
            var contains = postgres ? "strpos(s.name, @q) > 0" : "instr(s.name, @q) > 0";
            if (nameBoost.Count > 0)
            {
                contains = "(" + contains + " OR " + NameBoostSql(command, postgres, nameBoost) + ")";
            }

            sql.Append($" ORDER BY CASE WHEN s.name = @q THEN 3 WHEN substr(s.name, 1, @qlen) = @q THEN 2 WHEN {contains} THEN 1 ELSE 0 END DESC, s.popularity DESC, s.service_item_id");
            Add(command, "q", nameQuery);
            Add(command, "qlen", nameQuery.Length);
        }
        else
        {
            sql.Append(" ORDER BY s.popularity DESC, s.service_item_id");
        }

        sql.Append(" LIMIT @limit");
        Add(command, "limit", pageSize + 1);
        if (request.AfterId == null)
        {
            sql.Append(" OFFSET @offset");
            Add(command, "offset", (Math.Max(request.Page, 1) - 1) * pageSize);
        }

        command.CommandText = sql.ToString();
        AddAll(command, where);
        var hits = new List<SearchHit>(pageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new SearchHit(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetString(10), reader.GetBoolean(11),
                reader.GetInt64(12), reader.GetInt32(13)));
        }

        return hits;
    }

    private static async Task<int> CountAsync(DbConnection connection, Where where, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM catalog_search s WHERE {where.Sql} LIMIT {CountCap + 1}) capped";
        AddAll(command, where);
        var value = await command.ExecuteScalarAsync(ct);
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddAll(DbCommand command, Where where)
    {
        foreach (var (name, value) in where.Parameters)
        {
            Add(command, name, value);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        if (command is NpgsqlCommand npgsql && value is string[] array)
        {
            npgsql.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = array });
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
