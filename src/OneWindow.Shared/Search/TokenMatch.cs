using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneWindow.Shared.Search;

/// <summary>
/// A parsed query as tokens a row must hold, and the SQL that tests a token column for them: PostgreSQL containment
/// (<c>tokens @&gt; @req</c>, GIN-indexed) or an SQLite FTS5 MATCH expression. The service catalogue's and the data
/// catalogue's searches build their conditions here; each adds its own filter tokens to <c>Required</c>.
/// </summary>
public static class TokenMatch
{
    /// <summary>Terms with one alternative become required tokens; terms with several stay a choice (any one alternative,
    /// all of its tokens).</summary>
    public static (List<string> Required, List<IReadOnlyList<IReadOnlyList<string>>> Alternatives) Split(SearchQuery query)
    {
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

        return (required, alternatives);
    }

    /// <summary>The PostgreSQL condition on a text[] column and its array parameters (@req, @alt{t}_{a}).</summary>
    public static (string Sql, List<(string Name, object Value)> Parameters) Postgres(string column, IReadOnlyList<string> required,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> alternatives)
    {
        var parameters = new List<(string, object)>();
        var sql = new StringBuilder();
        if (required.Count > 0)
        {
            parameters.Add(("req", required.Distinct().ToArray()));
            sql.Append(column).Append(" @> @req");
        }

        for (var t = 0; t < alternatives.Count; t++)
        {
            if (sql.Length > 0) sql.Append(" AND ");
            sql.Append('(');
            for (var a = 0; a < alternatives[t].Count; a++)
            {
                var name = $"alt{t}_{a}";
                parameters.Add((name, alternatives[t][a].ToArray()));
                sql.Append(a > 0 ? " OR " : "").Append(column).Append(" @> @").Append(name);
            }

            sql.Append(')');
        }

        return (sql.ToString(), parameters);
    }

    /// <summary>The FTS5 MATCH expression (tokens quoted, so ':' and any other character are literal).</summary>
    public static string Fts5(IReadOnlyList<string> required, IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> alternatives)
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

        return match.ToString();
    }

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"") + "\"";
}

/// <summary>The EF mapping of a search token column: text[] with a GIN index on PostgreSQL; on SQLite one
/// space-separated string, indexed by an FTS5 table the module's migration keeps in step with triggers.</summary>
public static class SearchTokenColumn
{
    public static void Map<T>(EntityTypeBuilder<T> entity, string property, bool postgres) where T : class
    {
        if (postgres)
        {
            entity.HasIndex(property).HasMethod("gin");
            return;
        }

        entity.Property<string[]>(property).HasConversion(
            new ValueConverter<string[], string>(v => string.Join(' ', v), v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            new ValueComparer<string[]>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToArray()));
    }
}
