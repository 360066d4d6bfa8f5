using System.Globalization;
using System.Text;
using OneWindow.Catalog.Domain;
using OneWindow.Shared.Search;

namespace OneWindow.Catalog.Features.Search;

/// <summary>Builds the search row of a published item. Filters become tokens too, so one GIN/FTS5 lookup
/// answers text and filters together instead of a text match followed by row-by-row filtering.</summary>
public static class SearchIndexer
{
    public static SearchEntry Build(ServiceItem item, int versionNo, ItemGuide guide, Department department, SearchEntry? existing = null)
    {
        var entry = existing ?? new SearchEntry { ServiceItemId = item.Id };
        entry.VersionNo = versionNo;
        entry.Name = guide.Name;
        entry.ImplementationCode = item.ImplementationCode;
        entry.DepartmentId = item.DepartmentId;
        entry.RegionCode = item.RegionCode;
        entry.ItemType = guide.ItemType;
        entry.Targets = guide.Targets.Aggregate(0, (bits, code) => bits | (1 << code));
        entry.OnlineDepth = guide.OnlineDepth;
        entry.PromisedDays = guide.PromisedDays;
        entry.Visits = guide.Visits;
        entry.Summary = guide.Summary.Length > 500 ? guide.Summary[..500] : guide.Summary;
        entry.Suspended = item.Publication == PublicationState.Suspended;
        entry.Popularity = item.Popularity;
        entry.Tokens = Tokens(item, guide, department);
        return entry;
    }

    public static string[] Tokens(ServiceItem item, ItemGuide guide, Department department)
    {
        // Pinyin and initials come from the name and the words people use for it; the department, topics and result
        // add characters only. Initials of every text would make short latin queries (hz) match half the catalogue.
        var texts = new List<string?> { guide.Name };
        texts.AddRange(guide.Keywords);
        var tokens = new HashSet<string>(SearchTokenizer.DocumentTokens(texts), StringComparer.Ordinal);
        var context = new List<string?> { department.Name, guide.Result.Name };
        context.AddRange(guide.Topics);
        tokens.UnionWith(SearchTokenizer.DocumentTokens(context).Where(token => !NameTokens.IsPhonetic(token)));
        // The name's own pinyin and initials once more under their own prefix, so ranking can tell "hz" matching
        // 护照 in the name from "hz" matching 孩子 in a keyword.
        tokens.UnionWith(SearchTokenizer.DocumentTokens([guide.Name]).Where(NameTokens.IsPhonetic).Select(NameTokens.ForName));
        tokens.Add(FilterToken.Department(item.DepartmentId));
        foreach (var region in Region.SelfAndAncestors(item.RegionCode))
        {
            tokens.Add(FilterToken.Region(region));
        }

        tokens.Add(FilterToken.ItemType(guide.ItemType));
        foreach (var target in guide.Targets)
        {
            tokens.Add(FilterToken.Target(target));
        }

        foreach (var topic in guide.Topics)
        {
            tokens.Add(FilterToken.Topic(topic));
        }

        tokens.Add(FilterToken.OnlineDepth(guide.OnlineDepth));
        tokens.Add(FilterToken.All);
        AddNameCharacters(guide.Name, tokens);
        var sorted = tokens.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>
    /// n: for every character of the raw name and f: for its first one. They are not for matching: a name that
    /// contains the query contains each of its characters, so these tokens let CatalogSearch find the "name contains
    /// the query" rows (which rank first) through the index, instead of reading and sorting every match of a short,
    /// common query. Migration 0003 adds the same tokens to rows indexed before.
    /// </summary>
    private static void AddNameCharacters(string name, HashSet<string> tokens)
    {
        var first = true;
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                first = false;
                continue;
            }

            if (first)
            {
                tokens.Add(FilterToken.NameStart(rune));
                first = false;
            }

            tokens.Add(FilterToken.NameChar(rune));
        }
    }
}

/// <summary>Phonetic tokens (p: pinyin, i: initials) of an item's name, stored again as np:/ni: for ranking.</summary>
public static class NameTokens
{
    public static bool IsPhonetic(string token) => token.StartsWith("p:", StringComparison.Ordinal) || token.StartsWith("i:", StringComparison.Ordinal);

    public static string ForName(string token) => "n" + token;
}

/// <summary>Filter tokens stored beside the text tokens. Topic names are Chinese words without spaces.</summary>
public static class FilterToken
{
    /// <summary>Present on every row: lets a filter-only listing use the same index path.</summary>
    public const string All = "x:all";

    public static string Department(long id) => "d:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Region(string code) => "r:" + code;

    public static string ItemType(string code) => "t:" + code;

    public static string Target(int code) => "g:" + code.ToString(CultureInfo.InvariantCulture);

    public static string Topic(string topic) => "s:" + topic.Replace(' ', '_');

    public static string OnlineDepth(int depth) => "o:" + depth.ToString(CultureInfo.InvariantCulture);

    /// <summary>A character of the item's raw name (not normalized: it must agree with SQL's strpos/instr).</summary>
    public static string NameChar(Rune character) => "n:" + character.ToString();

    /// <summary>The first character of the item's raw name.</summary>
    public static string NameStart(Rune character) => "f:" + character.ToString();
}
