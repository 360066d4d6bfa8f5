using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Domain;
using OneWindow.Shared.Search;

namespace OneWindow.DataCatalog.Features.Search;

/// <summary>Builds the search row of a published resource with the shared tokenizer: characters and words of the name,
/// summary, items and provider; pinyin and initials of the name only (as the service catalogue does, so short latin
/// queries do not match every summary); filter tokens d: provider, c: sharing class, o: open class, x:all.</summary>
public static class ResourceIndexer
{
    public const string All = "x:all";

    public static string Department(long id) => "d:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Sharing(string sharingClass) => "c:" + sharingClass;

    public static string Open(string openClass) => "o:" + openClass;

    public static SearchRow Build(long resourceId, string code, int version, DateOnly publishedOn, ResourceMetadata metadata, string providerName, SearchRow? existing = null)
    {
        var row = existing ?? new SearchRow { ResourceId = resourceId };
        row.Code = code;
        row.Name = metadata.Name;
        row.Summary = metadata.Summary.Length > 500 ? metadata.Summary[..500] : metadata.Summary;
        row.ProviderDepartmentId = metadata.ProviderDepartmentId;
        row.ProviderName = providerName;
        row.SharingClass = metadata.SharingClass;
        row.OpenClass = metadata.OpenClass;
        row.VersionNo = version;
        row.PublishedOn = publishedOn;
        var tokens = new HashSet<string>(SearchTokenizer.DocumentTokens([metadata.Name]), StringComparer.Ordinal);
        var context = new List<string?> { metadata.Summary, providerName, code };
        context.AddRange(metadata.Items.Select(i => i.Name));
        context.AddRange(metadata.Items.Select(i => i.Key));
        tokens.UnionWith(SearchTokenizer.DocumentTokens(context).Where(t => !t.StartsWith("p:", StringComparison.Ordinal) && !t.StartsWith("i:", StringComparison.Ordinal)));
        tokens.Add(Department(metadata.ProviderDepartmentId));
        tokens.Add(Sharing(metadata.SharingClass));
        tokens.Add(Open(metadata.OpenClass));
        tokens.Add(All);
        var sorted = tokens.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        row.Tokens = sorted;
        return row;
    }
}

public sealed record ResourceQuery(string? Q, long? Department, string? Sharing, string? Open, long? AfterId, int PageSize);

public sealed record ResourceHit(long Id, string Code, string Name, string Summary, long ProviderDepartmentId, string ProviderName, string SharingClass, string OpenClass,
    int Version, DateOnly PublishedOn);

public sealed record ResourcePage(IReadOnlyList<ResourceHit> Items, long? NextAfter);

/// <summary>Search over published resources: the parsed query's terms (AND of alternatives) and the filters as tokens,
/// GIN containment (@>) on PostgreSQL, FTS5 MATCH on SQLite — the service catalogue's approach without its ranking
/// machinery (the data catalogue has hundreds of rows, not 100,000). Keyset paging by resource id.</summary>
public sealed class ResourceSearch(DataCatalogDbContext db)
{
    public const int MaxPageSize = 100;

    public async Task<ResourcePage> SearchAsync(ResourceQuery request, CancellationToken ct)
    {
        var (required, alternatives) = TokenMatch.Split(SearchTokenizer.Parse(request.Q));
        required.Add(ResourceIndexer.All);
        if (request.Department is { } department) required.Add(ResourceIndexer.Department(department));
        if (!string.IsNullOrEmpty(request.Sharing)) required.Add(ResourceIndexer.Sharing(request.Sharing));
        if (!string.IsNullOrEmpty(request.Open)) required.Add(ResourceIndexer.Open(request.Open));

        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var postgres = db.IsPostgres;
        var sql = new StringBuilder("SELECT * FROM datacatalog_search s WHERE s.resource_id > @after AND ");
        var parameters = new List<(string Name, object Value)> { ("after", request.AfterId ?? 0) };
        if (postgres)
        {
            var (condition, arrays) = TokenMatch.Postgres("s.tokens", required, alternatives);
            sql.Append(condition);
            parameters.AddRange(arrays);
        }
        else
        {
            sql.Append("s.resource_id IN (SELECT rowid FROM datacatalog_search_fts WHERE datacatalog_search_fts MATCH @match)");
            parameters.Add(("match", TokenMatch.Fts5(required, alternatives)));
        }

        sql.Append(" ORDER BY s.resource_id LIMIT ").Append((pageSize + 1).ToString(CultureInfo.InvariantCulture));
        var rows = await db.Search.FromSqlRaw(sql.ToString(), parameters.Select(p => Parameter(postgres, p.Name, p.Value)).ToArray()).AsNoTracking().ToListAsync(ct);
        var hasMore = rows.Count > pageSize;
        var page = rows.Take(pageSize).Select(r => new ResourceHit(r.ResourceId, r.Code, r.Name, r.Summary, r.ProviderDepartmentId, r.ProviderName, r.SharingClass,
            r.OpenClass, r.VersionNo, r.PublishedOn)).ToList();
        return new ResourcePage(page, hasMore ? page[^1].Id : null);
    }

    private static object Parameter(bool postgres, string name, object value) => postgres
        ? new Npgsql.NpgsqlParameter(name, value)
        : new Microsoft.Data.Sqlite.SqliteParameter("@" + name, value);
}
