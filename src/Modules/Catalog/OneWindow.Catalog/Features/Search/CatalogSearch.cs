using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Shared.Search;

namespace OneWindow.Catalog.Features.Search;

/// <summary>
/// Catalogue search over the token column: GIN containment (@>) on PostgreSQL, FTS5 MATCH on SQLite.
/// Ranking: exact name, then name prefix, then name containing the query, then popularity.
/// Counting stops at <see cref="CountCap"/>+1 rows so a one-character query over 100,000 items stays cheap.
/// <para>
/// A short query (证, hz) matches most of the catalogue, and sorting every match by that ranking means reading tens
/// of thousands of rows. So a large match set is ranked in parts, each read through an index: the names starting
/// with the query (f:/n: tokens), then the names containing it walked in popularity order, then the rest walked in
/// popularity order. A walk only reads a bounded window of the popularity index; when a part cannot prove its
/// answer complete within that window, the plain full sort is used, so the order is always exactly the same.
/// </para>
/// </summary>
public sealed class CatalogSearch(CatalogDbContext db)
{
    public const int CountCap = 10_000;
    public const int MaxPageSize = 100;

    /// <summary>Thresholds of the ranked-in-parts path. Tests shrink them so the demo catalogue exercises every path.</summary>
    internal sealed record Tuning(int SortLimit, int MinWindow, int WindowFactor)
    {
        /// <summary>Up to 2,000 matching rows are simply sorted (a few ms), cheaper than several index walks; a walk
        /// reads at least 4,096 rows of the popularity index, 64 per row it needs.</summary>
        public static readonly Tuning Default = new(2_000, 4_096, 64);
    }

    internal CatalogSearch(CatalogDbContext db, Tuning tuning) : this(db) => this.tuning = tuning;

    private readonly Tuning tuning = Tuning.Default;

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var query = SearchTokenizer.Parse(request.Q);
        var result = await SearchAsync(request, query, ct);
        // Word order people use is not always the name's: 补领身份证 shares no bigram 领身 with 居民身份证补领. When the
        // strict reading finds nothing, a Chinese phrase of three or more characters is read as "all these characters".
        if (result.Total == 0 && Relaxed(query) is { } relaxed)
        {
            result = await SearchAsync(request, relaxed, ct);
        }

        return result;
    }

    /// <summary>The query with each CJK term of 3+ characters turned into its characters; null when nothing changes.</summary>
    internal static SearchQuery? Relaxed(SearchQuery query)
    {
        var changed = false;
        var terms = query.Terms.Select(term =>
        {
            if (term.Text.Length < 3 || !term.Text.All(SearchTokenizer.IsCjk))
            {
                return term;
            }

            changed = true;
            return new QueryTerm(term.Text, [term.Text.Select(c => c.ToString()).Distinct().ToList()]);
        }).ToList();
        return changed ? new SearchQuery(terms) : null;
    }

    private async Task<SearchResult> SearchAsync(SearchRequest request, SearchQuery query, CancellationToken ct)
    {
        var (required, alternatives) = TokenMatch.Split(query);
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
        // x:all is on every row, so a plain listing needs no token test at all (and no @> per row while walking).
        var where = required is [FilterToken.All] && alternatives.Count == 0 ? Everything : Build(postgres, required, alternatives);

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var search = new Run(connection, postgres, nameQuery, NameBoost.Build(postgres, nameBoost), tuning, ct);
        var total = await search.CountAsync(where, CountCap + 1);
        List<SearchHit> items;
        if (total == 0)
        {
            items = [];
        }
        else if (request.AfterId is { } after)
        {
            items = await search.QueryAsync(where, "s.service_item_id > @after", "s.service_item_id", pageSize + 1, 0, null, ("after", after));
        }
        else
        {
            var offset = (Math.Max(request.Page, 1) - 1) * pageSize;
            items = await RankedPageAsync(search, where, required, alternatives, nameBoost, total, offset, pageSize + 1);
        }

        var hasMore = items.Count > pageSize;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new SearchResult(items, Math.Min(total, CountCap), total > CountCap, items.Count > 0 ? items[^1].Id : null, hasMore);
    }

    private static async Task<List<SearchHit>> RankedPageAsync(Run search, Where where, List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives,
        List<List<IReadOnlyList<string>>> nameBoost, int total, int offset, int limit)
    {
        var needed = offset + limit;
        var q = search.NameQuery;
        if (total <= search.SortLimit)
        {
            return await search.QueryAsync(where, null, q.Length > 0 ? RankOrder : PopularityOrder, limit, offset, null);
        }

        List<SearchHit>? parts;
        if (q.Length == 0)
        {
            parts = await search.WalkAsync(where, null, needed);
        }
        else
        {
            parts = await NamePartsAsync(search, where, required, alternatives, nameBoost, needed);
        }

        if (parts is null)
        {
            return await search.QueryAsync(where, null, q.Length > 0 ? RankOrder : PopularityOrder, limit, offset, null);
        }

        return parts.Skip(offset).Take(limit).ToList();
    }

    /// <summary>The first <paramref name="needed"/> rows in rank order, from index-driven parts; null when a part
    /// could not be proven complete and the caller must sort.</summary>
    private static async Task<List<SearchHit>?> NamePartsAsync(Run search, Where where, List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives,
        List<List<IReadOnlyList<string>>> nameBoost, int needed)
    {
        var q = search.NameQuery;
        var characters = q.EnumerateRunes().Select(FilterToken.NameChar).ToList();

        // Usually (证, 许可) the names starting with the query are few and found by f:, and the names containing it
        // are dense enough to walk in popularity order.
        var startsWith = Build(search.Postgres, [.. required, .. characters, FilterToken.NameStart(q.EnumerateRunes().First())], alternatives);
        var prefixed = await search.QueryAsync(startsWith, Prefix, RankOrder, needed, 0, null);
        if (prefixed.Count >= needed)
        {
            return prefixed;
        }

        var containing = await search.WalkAsync(where, search.Contains + " AND NOT (" + Prefix + ")", needed - prefixed.Count);
        if (containing is not null && prefixed.Count + containing.Count >= needed)
        {
            return [.. prefixed, .. containing];
        }

        if (containing is not null)
        {
            // The walk read every match: all names containing the query are known, the other matches follow.
            var others = await search.WalkAsync(where, "NOT (" + search.Contains + ")", needed - prefixed.Count - containing.Count);
            return others is null ? null : [.. prefixed, .. containing, .. others];
        }

        // Few names contain the query (hz, huzhao: latin never appears in names): rank those found by their n:
        // tokens (exact, prefix, contains), then fill the page with the other matches in popularity order.
        // With pinyin or initials the candidates are the matches whose name itself sounds like the query (np:/ni:).
        var candidates = nameBoost.Count > 0
            ? Build(search.Postgres, required, [.. alternatives, .. nameBoost.Select(b => (IReadOnlyList<IReadOnlyList<string>>)b)])
            : Build(search.Postgres, [.. required, .. characters], alternatives);
        if (await search.CountAsync(candidates, search.SortLimit + 1) > search.SortLimit)
        {
            return null;
        }

        var named = await search.QueryAsync(candidates, search.Contains, RankOrder, needed, 0, null);
        if (named.Count >= needed)
        {
            return named;
        }

        var rest = await search.WalkAsync(where, "NOT (" + search.Contains + ")", needed - named.Count);
        return rest is null ? null : [.. named, .. rest];
    }

    private const string ClassSql = "CASE WHEN s.name = @q THEN 3 WHEN substr(s.name, 1, @qlen) = @q THEN 2 WHEN {0} THEN 1 ELSE 0 END";
    private const string RankOrder = "{rank} DESC, s.popularity DESC, s.service_item_id";
    private const string PopularityOrder = "s.popularity DESC, s.service_item_id";
    private const string Prefix = "substr(s.name, 1, @qlen) = @q";

    private static string NameContains(bool postgres) => postgres ? "strpos(s.name, @q) > 0" : "instr(s.name, @q) > 0";

    /// <summary>
    /// Latin terms (pinyin, initials) never occur in names, so "the name matches the query" also counts a name whose
    /// own pinyin/initials (np:/ni: tokens) match every latin term: hz ranks 护照 above an item whose keyword 孩子
    /// merely shares the initials. SQLite keeps tokens as one space-separated string, so there membership is a
    /// substring test on the row already read.
    /// </summary>
    private sealed record NameBoost(string Sql, List<(string Name, object Value)> Parameters)
    {
        public static NameBoost? Build(bool postgres, List<List<IReadOnlyList<string>>> terms)
        {
            if (terms.Count == 0)
            {
                return null;
            }

            var parameters = new List<(string, object)>();
            var conditions = terms.Select(alternatives => "(" + string.Join(" OR ", alternatives.Select(tokens =>
            {
                if (postgres)
                {
                    var name = $"nb{parameters.Count}";
                    parameters.Add((name, tokens.ToArray()));
                    return $"s.tokens @> @{name}";
                }

                return "(" + string.Join(" AND ", tokens.Select(token =>
                {
                    var name = $"nb{parameters.Count}";
                    parameters.Add((name, " " + token + " "));
                    return $"instr(' ' || s.tokens || ' ', @{name}) > 0";
                })) + ")";
            })) + ")");
            return new NameBoost("(" + string.Join(" AND ", conditions) + ")", parameters);
        }
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

    /// <summary>The token condition in two forms: <see cref="Set"/> drives a query from the index (GIN bitmap, FTS5
    /// rowid list), <see cref="Row"/> tests one row at a time during a popularity walk (on SQLite an FTS5 lookup by
    /// rowid rather than materialising every match first).</summary>
    private sealed record Where(string Set, string Row, List<(string Name, object Value)> Parameters, string? FtsMatch);

    private static readonly Where Everything = new("1 = 1", "1 = 1", [], null);

    private static Where Build(bool postgres, List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives) =>
        postgres ? PostgresWhere(required, alternatives) : SqliteWhere(required, alternatives);

    private static Where PostgresWhere(List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives)
    {
        var (sql, parameters) = TokenMatch.Postgres("s.tokens", required, alternatives);
        return new Where(sql, sql, parameters, null);
    }

    private static Where SqliteWhere(List<string> required, List<IReadOnlyList<IReadOnlyList<string>>> alternatives)
    {
        var match = TokenMatch.Fts5(required, alternatives);

        // Per-row test during a walk: an FTS5 lookup by rowid costs ~2 µs for an AND of tokens but ~100 µs for the OR of
        // pinyin/initials alternatives; those instead build the rowid list once and probe it (the unary + keeps
        // SQLite from driving the query from that list rather than from the popularity index).
        var row = alternatives.Count == 0
            ? "EXISTS (SELECT 1 FROM catalog_search_fts f WHERE f.rowid = s.service_item_id AND catalog_search_fts MATCH @match)"
            : "+s.service_item_id IN (SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH @match)";
        return new Where(
            "s.service_item_id IN (SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH @match)",
            row,
            [("match", match)],
            match);
    }


    /// <summary>One search: the connection and the name query, shared by the parts of a ranked page.</summary>
    private sealed class Run(DbConnection connection, bool postgres, string nameQuery, NameBoost? boost, Tuning tuning, CancellationToken ct)
    {
        private const string Columns = """
            s.service_item_id, s.name, s.implementation_code, s.department_id, s.region_code, s.item_type, s.targets,
            s.online_depth, s.promised_days, s.visits, s.summary, s.suspended, s.popularity, s.version_no
            """;

        public bool Postgres => postgres;

        /// <summary>The "name matches the query" test of the ranking: the name contains it, or sounds like it.</summary>
        public string Contains => boost == null ? NameContains(postgres) : $"({NameContains(postgres)} OR {boost.Sql})";

        public string NameQuery => nameQuery;

        public int SortLimit => tuning.SortLimit;

        /// <summary>Matches up to <paramref name="cap"/>. SQLite counts FTS5 rowids without touching the table; on
        /// PostgreSQL an empty select list lets the bitmap scan skip all-visible heap pages (a third faster for 证).</summary>
        public async Task<int> CountAsync(Where where, int cap)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = where.FtsMatch is not null
                ? $"SELECT count(*) FROM (SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH @match LIMIT {cap}) capped"
                : WithPlannerHints($"SELECT count(*) FROM (SELECT {(postgres ? "" : "1")} FROM catalog_search s WHERE {where.Set} LIMIT {cap}) capped");
            AddAll(command, where);
            return Convert.ToInt32(await ScalarAsync(command), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Rows of the match set in the given order (the index finds them, then they are sorted).</summary>
        public async Task<List<SearchHit>> QueryAsync(Where where, string? extra, string order, int limit, int offset, long? floor, params (string Name, object Value)[] more)
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {Columns} FROM catalog_search s WHERE ");
            if (floor is { } f)
            {
                sql.Append("s.popularity >= @floor AND ");
                Add(command, "floor", f);
            }

            // The cheap name test goes first so that a walk only evaluates the token condition on rows it may keep.
            // PostgreSQL reorders ANDed quals of equal estimated cost (and put @> first: 60 ms instead of 10 for
            // 许可 page 50), so there the order is fixed with CASE, which evaluates lazily.
            var tokens = floor is null ? where.Set : where.Row;
            if (extra is null) sql.Append(tokens);
            else if (postgres && floor is not null) sql.Append("CASE WHEN ").Append(extra).Append(" THEN ").Append(tokens).Append(" ELSE false END");
            else sql.Append(extra).Append(" AND ").Append(tokens);
            sql.Append(" ORDER BY ").Append(order.Replace("{rank}", string.Format(System.Globalization.CultureInfo.InvariantCulture, ClassSql, Contains), StringComparison.Ordinal));
            sql.Append(" LIMIT @limit OFFSET @offset");
            command.CommandText = WithPlannerHints(sql.ToString());
            Add(command, "limit", limit);
            Add(command, "offset", offset);
            if (nameQuery.Length > 0 && (sql.ToString().Contains("@q", StringComparison.Ordinal)))
            {
                Add(command, "q", nameQuery);
                Add(command, "qlen", nameQuery.Length);
            }

            if (boost != null && sql.ToString().Contains("@nb", StringComparison.Ordinal))
            {
                foreach (var (name, value) in boost.Parameters) Add(command, name, value);
            }

            foreach (var (name, value) in more) Add(command, name, value);
            AddAll(command, where);
            return await ReadAsync(command, limit);
        }

        /// <summary>
        /// The first <paramref name="count"/> matches (meeting <paramref name="extra"/>) in popularity order, reading
        /// the popularity index from the top. Only a window of it is read (popularity at least that of the N-th most
        /// popular row, so a group of equal popularity is never split): if the window does not hold enough rows the
        /// answer is unknown (null), otherwise it is exact, because every row after the window ranks after every row in it.
        /// Fewer than <paramref name="count"/> rows come back only when the window was the whole catalogue.
        /// </summary>
        public async Task<List<SearchHit>?> WalkAsync(Where where, string? extra, int count)
        {
            if (count <= 0) return [];
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT popularity FROM catalog_search ORDER BY popularity DESC LIMIT 1 OFFSET @n";
            Add(command, "n", Math.Max(count * tuning.WindowFactor, tuning.MinWindow) - 1);
            var floor = await command.ExecuteScalarAsync(ct);
            if (floor is null or DBNull)
            {
                // The window is the whole catalogue: the walk reads all of it in order, so its answer is complete.
                return await QueryAsync(where, extra, PopularityOrder, count, 0, long.MinValue);
            }

            var rows = await QueryAsync(where, extra, PopularityOrder, count, 0, Convert.ToInt64(floor, System.Globalization.CultureInfo.InvariantCulture));
            return rows.Count >= count ? rows : null;
        }

        /// <summary>
        /// PostgreSQL prices the @> test of a row (detoasting a ~150-element array) like any cheap operator, so for a
        /// common token it prefers a sequential scan that runs it on every row (1 s for 证 over 100,000 items). Turned
        /// off for this one statement (set_config local to the implicit transaction of the batch) so the GIN and
        /// popularity indexes are used; JIT too, whose compile time exceeds these millisecond queries.
        /// </summary>
        private string WithPlannerHints(string sql) => postgres
            ? "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true); " + sql
              + "; SELECT set_config('enable_seqscan', (SELECT reset_val FROM pg_settings WHERE name = 'enable_seqscan'), true),"
              + " set_config('jit', (SELECT reset_val FROM pg_settings WHERE name = 'jit'), true)"
            : sql;

        private async Task<object?> ScalarAsync(DbCommand command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (postgres) await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            return reader.GetValue(0);
        }

        private async Task<List<SearchHit>> ReadAsync(DbCommand command, int limit)
        {
            var hits = new List<SearchHit>(Math.Min(limit, 128));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (postgres) await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                hits.Add(new SearchHit(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
                    reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetString(10), reader.GetBoolean(11),
                    reader.GetInt64(12), reader.GetInt32(13)));
            }

            return hits;
        }
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
