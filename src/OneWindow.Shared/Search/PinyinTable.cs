using System.Buffers;
using System.Reflection;

namespace OneWindow.Shared.Search;

/// <summary>
/// Toneless pinyin for CJK characters, generated once from pinyin-pro (see Data/PINYIN-DATA-LICENSE.md
/// and tools/pinyin/generate.mjs) and embedded in this assembly.
/// Readings are lowercase ASCII without tones, ü written as v ("lv", "nv").
/// Instances are immutable and safe to share between threads.
/// </summary>
public sealed class PinyinTable
{
    private const string CharsResourceSuffix = "pinyin-chars.txt";
    private const string PhrasesResourceSuffix = "pinyin-phrases.txt";

    private static readonly Lazy<PinyinTable> LazyDefault =
        new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    // Indexed by UTF-16 code unit: ~21k ideographs are dense enough that a flat array
    // is both smaller and faster than a dictionary.
    private readonly string[]?[] _readings;
    private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> _phrases;
    private readonly int _maxPhraseLength;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _splittableSyllables;
    private readonly int _maxSyllableLength;

    private PinyinTable(
        string[]?[] readings,
        Dictionary<string, string[]> phrases,
        HashSet<string> splittableSyllables)
    {
        _readings = readings;
        _phrases = phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxPhraseLength = phrases.Count == 0 ? 0 : phrases.Keys.Max(k => k.Length);
        _splittableSyllables = splittableSyllables.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxSyllableLength = splittableSyllables.Count == 0 ? 0 : splittableSyllables.Max(s => s.Length);
    }

    /// <summary>The table embedded in this assembly, loaded on first use.</summary>
    public static PinyinTable Default => LazyDefault.Value;

    /// <summary>
    /// Builds a table from text in the embedded-file format: <c>字\tread1,read2</c> and
    /// <c>词\tsyl syl</c>, one entry per line, '#' starts a comment line.
    /// </summary>
    public static PinyinTable Load(TextReader chars, TextReader phrases)
    {
        ArgumentNullException.ThrowIfNull(chars);
        ArgumentNullException.ThrowIfNull(phrases);

        // Interning keeps one string per distinct syllable (~400) instead of one per occurrence.
        var pool = new SyllablePool();
        var readings = ReadChars(chars, pool);
        var phraseTable = ReadPhrases(phrases, pool);
        return new PinyinTable(readings, phraseTable, pool.SplittableSyllables());
    }

    /// <summary>All readings of <paramref name="c"/>, most common first; null if unknown.</summary>
    public IReadOnlyList<string>? Readings(char c) => _readings[c];

    /// <summary>
    /// One syllable per UTF-16 char of <paramref name="text"/>: null for chars without a reading
    /// (non-CJK). Polyphonic characters take the reading of the longest phrase starting at the
    /// leftmost unassigned position (forward maximum matching), otherwise their first reading.
    /// </summary>
    public IReadOnlyList<string?> Syllables(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var result = new string?[text.Length];
        var position = 0;
        while (position < text.Length)
        {
            var phrase = LongestPhraseAt(text.AsSpan(position));
            if (phrase is not null)
            {
                phrase.CopyTo(result, position);
                position += phrase.Length;
            }
            else
            {
                result[position] = _readings[text[position]]?[0];
                position++;
            }
        }

        return result;
    }

    /// <summary>True if <paramref name="s"/> is a standard pinyin syllable (lowercase, toneless, ü as v).</summary>
    public bool IsSyllable(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return _splittableSyllables.Contains(s);
    }

    /// <summary>
    /// Segments a latin string such as "shenfenzheng" into syllables, preferring the segmentation with
    /// the fewest syllables and, among equals, the longest first syllable ("xian" → xian, "fangan" →
    /// fang an). Returns null if the string is empty or cannot be segmented completely.
    /// </summary>
    public IReadOnlyList<string>? SplitSyllables(string latin)
    {
        ArgumentNullException.ThrowIfNull(latin);
        if (latin.Length == 0)
        {
            return null;
        }

        var text = latin.ToLowerInvariant();
        var firstSyllableLength = FewestSyllablesPlan(text);
        return firstSyllableLength is null ? null : FollowPlan(text, firstSyllableLength);
    }

    private string[]? LongestPhraseAt(ReadOnlySpan<char> rest)
    {
        // Phrases consist of characters with readings only, so skip the lookups for anything else.
        if (_readings[rest[0]] is null)
        {
            return null;
        }

        for (var length = Math.Min(_maxPhraseLength, rest.Length); length >= 2; length--)
        {
            if (_phrases.TryGetValue(rest[..length], out var syllables))
            {
                return syllables;
            }
        }

        return null;
    }

    /// <summary>
    /// Dynamic programming from the end: for every suffix, the fewest syllables that cover it and the
    /// length of the first one. Returns null when the whole string cannot be covered.
    /// </summary>
    private int[]? FewestSyllablesPlan(string text)
    {
        const int unreachable = int.MaxValue;
        var fewest = new int[text.Length + 1];
        var firstLength = new int[text.Length + 1];

        for (var start = text.Length - 1; start >= 0; start--)
        {
            fewest[start] = unreachable;
            // Longest first, and only a strictly better count replaces the choice, so ties keep the longer syllable.
            for (var length = Math.Min(_maxSyllableLength, text.Length - start); length >= 1; length--)
            {
                var rest = fewest[start + length];
                if (rest != unreachable
                    && rest + 1 < fewest[start]
                    && _splittableSyllables.Contains(text.AsSpan(start, length)))
                {
                    fewest[start] = rest + 1;
                    firstLength[start] = length;
                }
            }
        }

        return fewest[0] == unreachable ? null : firstLength;
    }

    private List<string> FollowPlan(string text, int[] firstSyllableLength)
    {
        var syllables = new List<string>();
        for (var start = 0; start < text.Length; start += firstSyllableLength[start])
        {
            // Returns the pooled instance, so no new string per syllable.
            _splittableSyllables.TryGetValue(text.AsSpan(start, firstSyllableLength[start]), out var syllable);
            syllables.Add(syllable!);
        }

        return syllables;
    }

    private static string[]?[] ReadChars(TextReader reader, SyllablePool pool)
    {
        var readings = new string[]?[char.MaxValue + 1];
        foreach (var (key, value) in DataLines(reader))
        {
            if (key.Length != 1)
            {
                throw new FormatException($"Pinyin character entry '{key}' is not a single UTF-16 char.");
            }

            readings[key[0]] = pool.Split(value, ',');
        }

        return readings;
    }

    private static Dictionary<string, string[]> ReadPhrases(TextReader reader, SyllablePool pool)
    {
        var phrases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in DataLines(reader))
        {
            var syllables = pool.Split(value, ' ');
            if (syllables.Length != key.Length)
            {
                throw new FormatException($"Pinyin phrase '{key}' has {syllables.Length} syllables for {key.Length} chars.");
            }

            phrases[key] = syllables;
        }

        return phrases;
    }

    private static IEnumerable<(string Key, string Value)> DataLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t');
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new FormatException($"Malformed pinyin data line: '{line}'.");
            }

            yield return (line[..tab], line[(tab + 1)..]);
        }
    }

    private static PinyinTable LoadEmbedded()
    {
        var assembly = typeof(PinyinTable).Assembly;
        using var chars = new StreamReader(OpenResource(assembly, CharsResourceSuffix));
        using var phrases = new StreamReader(OpenResource(assembly, PhrasesResourceSuffix));
        return Load(chars, phrases);
    }

    private static Stream OpenResource(Assembly assembly, string suffix)
    {
        // The manifest name depends on the project's root namespace and folder layout, so match by suffix.
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(suffix, StringComparison.Ordinal))
            .ToArray();
        if (names.Length != 1)
        {
            throw new InvalidOperationException(
                $"Expected exactly one embedded resource ending with '{suffix}' in {assembly.GetName().Name}, " +
                $"found {names.Length}. Is Search/Data/*.txt included as EmbeddedResource?");
        }

        return assembly.GetManifestResourceStream(names[0])!;
    }

    /// <summary>Interns syllables while loading and remembers which ones are standard syllables.</summary>
    private sealed class SyllablePool
    {
        private static readonly SearchValues<char> Vowels = SearchValues.Create("aeiouv");

        private readonly HashSet<string> _syllables = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public SyllablePool() => _lookup = _syllables.GetAlternateLookup<ReadOnlySpan<char>>();

        public string[] Split(string value, char separator)
        {
            var span = value.AsSpan();
            var result = new string[span.Count(separator) + 1];
            var index = 0;
            foreach (var range in span.Split(separator))
            {
                result[index++] = Intern(span[range]);
            }

            return result;
        }

        /// <summary>
        /// Interjection readings without a vowel (m, n, ng, hng for 呣/嗯/哼) are kept as readings but
        /// excluded from segmentation: nobody types them to mean those characters, and they would let
        /// strings of initials such as "nm" pass as pinyin.
        /// </summary>
        public HashSet<string> SplittableSyllables() =>
            new(_syllables.Where(s => s.AsSpan().ContainsAny(Vowels)), StringComparer.Ordinal);

        private string Intern(ReadOnlySpan<char> syllable)
        {
            if (syllable.IsEmpty || syllable.ContainsAnyExceptInRange('a', 'z'))
            {
                throw new FormatException($"Invalid pinyin syllable '{syllable}'.");
            }

            if (!_lookup.TryGetValue(syllable, out var pooled))
            {
                pooled = syllable.ToString();
                _syllables.Add(pooled);
            }

            return pooled;
        }
    }
}
