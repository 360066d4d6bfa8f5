using System.Text;

namespace OneWindow.Shared.Search;

/// <summary>A parsed search query: every term must match (AND).</summary>
public sealed record SearchQuery(IReadOnlyList<QueryTerm> Terms)
{
    public static SearchQuery Empty { get; } = new(Array.Empty<QueryTerm>());

    public bool IsEmpty => Terms.Count == 0;
}

/// <summary>
/// One query term: it matches if ANY alternative matches, and an alternative matches if ALL of its
/// tokens are among the document's tokens.
/// </summary>
public sealed record QueryTerm(string Text, IReadOnlyList<IReadOnlyList<string>> Alternatives);

/// <summary>
/// Turns records (catalogue items first; any module may index its own) and user queries into tokens for a simple
/// inverted index, so that Chinese text can be found by characters, by full pinyin ("huzhao") and by pinyin initials
/// ("hz"). It lives in Shared so a module searches its own records without reaching into the catalogue.
/// Document tokens:
/// <list type="bullet">
/// <item>each CJK character and each adjacent pair within a run: 护, 照, 护照;</item>
/// <item><c>p:</c> each syllable and each adjacent syllable pair: p:hu, p:huzhao;</item>
/// <item><c>i:</c> initials (zh/ch/sh count as z/c/s), adjacent pairs and 3-letter windows: i:hz, i:hzs;</item>
/// <item><c>w:</c> latin/digit words, lowercased: w:icp.</item>
/// </list>
/// </summary>
public static class SearchTokenizer
{
    public const int MaxQueryLength = 64;
    public const int MaxQueryTerms = 10;

    private const string PinyinPrefix = "p:";
    private const string InitialsPrefix = "i:";
    private const string WordPrefix = "w:";

    // Query-side nasal fuzziness multiplies alternatives (2^n); beyond this many nasal syllables
    // a term keeps only its exact pinyin.
    private const int MaxFuzzyNasalSyllables = 3;

    private static PinyinTable Table => PinyinTable.Default;

    /// <summary>Distinct tokens for an item from all of its texts (name, keywords, department, ...).</summary>
    public static IReadOnlyCollection<string> DocumentTokens(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);

        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            foreach (var run in Runs(Normalize(text)))
            {
                if (run.IsCjk)
                {
                    AddCjkRunTokens(run.Text, tokens);
                }
                else
                {
                    tokens.Add(WordPrefix + run.Text);
                }
            }
        }

        return tokens;
    }

    /// <summary>
    /// Splits a query on whitespace and punctuation (and between CJK and latin, so 营业zhizhao is two
    /// terms). Queries are capped at <see cref="MaxQueryLength"/> chars and <see cref="MaxQueryTerms"/>
    /// terms; a query with nothing searchable has no terms.
    /// </summary>
    public static SearchQuery Parse(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return SearchQuery.Empty;
        }

        // Truncated before normalizing to bound the work, and again after because NFKC can expand (㍿ → 株式会社).
        var normalized = Normalize(Truncate(q));
        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in Runs(Truncate(normalized)))
        {
            if (terms.Count == MaxQueryTerms)
            {
                break;
            }

            if (seen.Add(run.Text))
            {
                terms.Add(run.IsCjk ? CjkTerm(run.Text) : LatinTerm(run.Text));
            }
        }

        return terms.Count == 0 ? SearchQuery.Empty : new SearchQuery(terms);
    }

    /// <summary>
    /// Reference semantics of a query against an item's tokens. A query without terms matches
    /// nothing; callers decide what an empty search shows.
    /// </summary>
    public static bool Matches(IReadOnlyCollection<string> documentTokens, SearchQuery q)
    {
        ArgumentNullException.ThrowIfNull(documentTokens);
        ArgumentNullException.ThrowIfNull(q);
        if (q.Terms.Count == 0)
        {
            return false;
        }

        var tokens = documentTokens as IReadOnlySet<string> ?? new HashSet<string>(documentTokens, StringComparer.Ordinal);
        return q.Terms.All(term => term.Alternatives.Any(alternative => alternative.All(tokens.Contains)));
    }

    private static void AddCjkRunTokens(string run, HashSet<string> tokens)
    {
        for (var i = 0; i < run.Length; i++)
        {
            tokens.Add(run[i].ToString());
            if (i > 0)
            {
                tokens.Add(run.Substring(i - 1, 2));
            }
        }

        // A character without a reading breaks the pinyin chain, so pairs never skip over it.
        foreach (var syllables in KnownSyllableStretches(Table.Syllables(run)))
        {
            AddPinyinTokens(syllables, tokens);
        }
    }

    private static IEnumerable<List<string>> KnownSyllableStretches(IReadOnlyList<string?> syllables)
    {
        var stretch = new List<string>();
        foreach (var syllable in syllables)
        {
            if (syllable is not null)
            {
                stretch.Add(syllable);
            }
            else if (stretch.Count > 0)
            {
                yield return stretch;
                stretch = [];
            }
        }

        if (stretch.Count > 0)
        {
            yield return stretch;
        }
    }

    private static void AddPinyinTokens(List<string> syllables, HashSet<string> tokens)
    {
        var initials = new char[syllables.Count];
        for (var i = 0; i < syllables.Count; i++)
        {
            tokens.Add(PinyinPrefix + syllables[i]);
            initials[i] = syllables[i][0];
            if (i > 0)
            {
                tokens.Add(PinyinPrefix + syllables[i - 1] + syllables[i]);
            }
        }

        AddWindows(InitialsPrefix, new string(initials), 2, tokens);
        AddWindows(InitialsPrefix, new string(initials), 3, tokens);
    }

    private static void AddWindows(string prefix, string text, int width, ICollection<string> target)
    {
        for (var i = 0; i + width <= text.Length; i++)
        {
            target.Add(string.Concat(prefix, text.AsSpan(i, width)));
        }
    }

    private static QueryTerm CjkTerm(string text)
    {
        if (text.Length == 1)
        {
            return new QueryTerm(text, [[text]]);
        }

        var bigrams = new List<string>();
        AddWindows("", text, 2, bigrams);
        return new QueryTerm(text, [bigrams.Distinct(StringComparer.Ordinal).ToArray()]);
    }

    private static QueryTerm LatinTerm(string word)
    {
        var alternatives = new List<IReadOnlyList<string>> { new[] { WordPrefix + word } };

        var syllables = Table.SplitSyllables(word);
        if (syllables is not null)
        {
            alternatives.AddRange(NasalVariants(syllables).Select(PinyinAlternative));
        }

        if (word.Length >= 2 && word.All(char.IsAsciiLetterLower))
        {
            alternatives.Add(InitialsAlternative(word));
        }

        return new QueryTerm(word, alternatives);
    }

    private static string[] PinyinAlternative(IReadOnlyList<string> syllables)
    {
        if (syllables.Count == 1)
        {
            return [PinyinPrefix + syllables[0]];
        }

        return Enumerable.Range(1, syllables.Count - 1)
            .Select(i => PinyinPrefix + syllables[i - 1] + syllables[i])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    private static string[] InitialsAlternative(string word)
    {
        var windows = new List<string>();
        AddWindows(InitialsPrefix, word, Math.Min(word.Length, 3), windows);
        return windows.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The exact syllables first, then every combination with in↔ing and en↔eng swapped. Jianghuai
    /// Mandarin (spoken in Hefei) and many southern accents do not distinguish these finals, so
    /// users type "yinye" for 营业 (ying ye). Done on the query side to keep the index small.
    /// </summary>
    private static IEnumerable<IReadOnlyList<string>> NasalVariants(IReadOnlyList<string> syllables)
    {
        yield return syllables;

        var swappable = Enumerable.Range(0, syllables.Count)
            .Where(i => NasalCounterpart(syllables[i]) is not null)
            .ToArray();
        if (swappable.Length == 0 || swappable.Length > MaxFuzzyNasalSyllables)
        {
            yield break;
        }

        // Each bit of the mask says whether the corresponding swappable syllable is swapped; 0 is the exact form.
        for (var mask = 1; mask < 1 << swappable.Length; mask++)
        {
            var variant = syllables.ToArray();
            for (var bit = 0; bit < swappable.Length; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    variant[swappable[bit]] = NasalCounterpart(variant[swappable[bit]])!;
                }
            }

            yield return variant;
        }
    }

    private static string? NasalCounterpart(string syllable)
    {
        string counterpart;
        if (syllable.EndsWith("ing", StringComparison.Ordinal) || syllable.EndsWith("eng", StringComparison.Ordinal))
        {
            counterpart = syllable[..^1];
        }
        else if (syllable.EndsWith("in", StringComparison.Ordinal) || syllable.EndsWith("en", StringComparison.Ordinal))
        {
            counterpart = syllable + "g";
        }
        else
        {
            return null;
        }

        return Table.IsSyllable(counterpart) ? counterpart : null;
    }

    private static string Truncate(string text) => text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;

    /// <summary>
    /// NFKC folds full-width latin (ＩＣＰ) and CJK compatibility ideographs onto their ordinary forms;
    /// ü becomes v as on a pinyin keyboard.
    /// </summary>
    private static string Normalize(string text) =>
        ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant().Replace('ü', 'v');

    /// <summary>Normalize() throws on broken UTF-16 (e.g. a query cut inside a surrogate pair).</summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                copy ??= text.ToCharArray();
                copy[i] = ' ';
            }
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>
    /// Maximal runs of CJK ideographs or of ASCII letters/digits; everything else (whitespace,
    /// punctuation, markup, other scripts) only separates runs and never reaches a token.
    /// </summary>
    private static IEnumerable<Run> Runs(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var kind = Classify(text[start]);
            var end = start + 1;
            while (end < text.Length && Classify(text[end]) == kind)
            {
                end++;
            }

            if (kind != CharKind.Separator)
            {
                yield return new Run(text[start..end], kind == CharKind.Cjk);
            }

            start = end;
        }
    }

    private static CharKind Classify(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => CharKind.Word,
        _ when IsCjk(c) => CharKind.Cjk,
        _ => CharKind.Separator,
    };

    /// <summary>BMP ideographs: 〇, Extension A, the URO block and compatibility ideographs.</summary>
    public static bool IsCjk(char c) =>
        c == '\u3007'
        || c is >= '\u3400' and <= '\u4DBF'
        || c is >= '\u4E00' and <= '\u9FFF'
        || c is >= '\uF900' and <= '\uFAFF';

    private enum CharKind
    {
        Separator,
        Word,
        Cjk,
    }

    private readonly record struct Run(string Text, bool IsCjk);
}
