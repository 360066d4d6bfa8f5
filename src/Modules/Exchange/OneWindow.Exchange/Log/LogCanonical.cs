using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneWindow.Exchange.Log;

/// <summary>
/// The canonical forms the log hashes and signs (docs/data-sharing.md, "The exchange log", repeats them so anyone can
/// check a proof without this code).
/// <para><b>Entry</b> (leaf hash = lower-case hex SHA-256 of its UTF-8 bytes): the line <c>owxlog1</c>, then one line
/// per field in this order — id, at (UTC ticks of 100 ns since 0001-01-01, truncated to whole microseconds),
/// consumer, consumer department id, provider department id, resource code, grant id, purpose, case number, legal
/// basis, subjects (the blind indexes, distinct, sorted by ordinal, joined by one space), items (as stored:
/// space-separated in call order), rows, outcome, duration ms, request id. A field is written as
/// <c>&lt;UTF-8 byte length&gt;:&lt;value&gt;</c>, a null field as <c>~</c>; numbers in invariant decimal; every line
/// ends with <c>\n</c>.</para>
/// <para><b>Root</b> (root hash = hex SHA-256; the ECDSA P-256 signature is over the same bytes): the line
/// <c>owxlog-root1</c>, then id, first entry id, last entry id, entry count, Merkle root (hex), previous root hash (hex,
/// empty for root 1), signed at (UTC, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>), key id — one per line, each ending with <c>\n</c>.</para>
/// </summary>
public static class LogCanonical
{
    public static string Entry(long id, DateTimeOffset at, ExchangeLogEntry e, string items)
    {
        var text = new StringBuilder("owxlog1\n");
        Field(text, Num(id));
        Field(text, Num(Micro(at).UtcTicks));
        Field(text, e.Consumer);
        Field(text, Num(e.ConsumerDepartmentId));
        Field(text, Num(e.ProviderDepartmentId));
        Field(text, e.ResourceCode);
        Field(text, e.GrantId is { } grant ? Num(grant) : null);
        Field(text, e.Purpose);
        Field(text, e.CaseNumber);
        Field(text, e.LegalBasis);
        Field(text, string.Join(' ', Subjects(e.SubjectIndexes)));
        Field(text, items);
        Field(text, Num(e.Rows));
        Field(text, e.Outcome);
        Field(text, Num(e.DurationMs));
        Field(text, e.RequestId);
        return text.ToString();
    }

    public static string LeafHash(long id, DateTimeOffset at, ExchangeLogEntry e, string items) => Sha256Hex(Entry(id, at, e, items));

    /// <summary>The leaf hash of a stored row with its subjects (as the verifier recomputes it).</summary>
    public static string LeafHash(LogEntryRow row, IReadOnlyList<string> subjects) => LeafHash(row.Id, row.At, ToEntry(row, subjects), row.Items);

    public static ExchangeLogEntry ToEntry(LogEntryRow row, IReadOnlyList<string> subjects) => new(
        row.At, row.Consumer, row.ConsumerDepartmentId, row.ProviderDepartmentId, row.ResourceCode, row.GrantId, row.Purpose, row.CaseNumber,
        row.LegalBasis, subjects, row.Items.Split(' ', StringSplitOptions.RemoveEmptyEntries), row.Rows, row.Outcome, row.DurationMs, row.RequestId);

    public static string Root(LogRootRow root)
    {
        var text = new StringBuilder("owxlog-root1\n");
        foreach (var line in new[]
                 {
                     Num(root.Id), Num(root.FirstEntryId), Num(root.LastEntryId), Num(root.EntryCount), root.MerkleRoot, root.PreviousHash,
                     Micro(root.SignedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), root.KeyId,
                 })
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Distinct, ordinal order: the form hashed and stored.</summary>
    public static IReadOnlyList<string> Subjects(IEnumerable<string> subjects) => subjects.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>PostgreSQL keeps microseconds: what is hashed is what is stored.</summary>
    public static DateTimeOffset Micro(DateTimeOffset value) => new(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Field(StringBuilder text, string? value)
    {
        if (value == null)
        {
            text.Append("~\n");
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }
}

/// <summary>The hash tree of RFC 6962 (Certificate Transparency) over leaf hashes in id order: a leaf is
/// SHA-256(0x00 || leaf hash bytes), a node SHA-256(0x01 || left || right); a tree of n leaves splits at the largest
/// power of two below n. Inclusion proofs are RFC 6962's audit paths (PATH(m, D[n])).</summary>
public static class MerkleTree
{
    public static byte[] LeafNode(ReadOnlySpan<byte> leafHash)
    {
        Span<byte> input = stackalloc byte[1 + leafHash.Length];
        input[0] = 0;
        leafHash.CopyTo(input[1..]);
        return SHA256.HashData(input);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + left.Length + right.Length];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + left.Length)..]);
        return SHA256.HashData(input);
    }

    /// <summary>The root (hex) over these leaf hashes (hex), in order.</summary>
    public static string Root(IReadOnlyList<string> leafHashes) =>
        leafHashes.Count == 0 ? Convert.ToHexStringLower(SHA256.HashData([])) : Convert.ToHexStringLower(Hash(Leaves(leafHashes), 0, leafHashes.Count));

    /// <summary>The audit path of leaf <paramref name="index"/> (hex nodes, bottom up).</summary>
    public static IReadOnlyList<string> Path(IReadOnlyList<string> leafHashes, int index)
    {
        var leaves = Leaves(leafHashes);
        var path = new List<byte[]>();
        PathOf(leaves, index, 0, leaves.Length, path);
        return path.Select(Convert.ToHexStringLower).ToList();
    }

    /// <summary>Recomputes the root from a leaf hash and its path (RFC 9162 §2.1.3.2).</summary>
    public static string RootFromPath(string leafHash, int index, int size, IReadOnlyList<string> path)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        long fn = index, sn = size - 1;
        var r = LeafNode(Convert.FromHexString(leafHash));
        foreach (var hex in path)
        {
            var p = Convert.FromHexString(hex);
            if (sn == 0)
            {
                throw new ArgumentException("The path is longer than the tree.", nameof(path));
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 ? Convert.ToHexStringLower(r) : throw new ArgumentException("The path is shorter than the tree.", nameof(path));
    }

    private static byte[][] Leaves(IReadOnlyList<string> leafHashes) => leafHashes.Select(h => LeafNode(Convert.FromHexString(h))).ToArray();

    private static byte[] Hash(byte[][] leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var k = Split(count);
        return Node(Hash(leaves, start, k), Hash(leaves, start + k, count - k));
    }

    private static void PathOf(byte[][] leaves, int m, int start, int count, List<byte[]> path)
    {
        if (count <= 1)
        {
            return;
        }

        var k = Split(count);
        if (m < k)
        {
            PathOf(leaves, m, start, k, path);
            path.Add(Hash(leaves, start + k, count - k));
        }
        else
        {
            PathOf(leaves, m - k, start + k, count - k, path);
            path.Add(Hash(leaves, start, k));
        }
    }

    /// <summary>The largest power of two smaller than n (n ≥ 2).</summary>
    private static int Split(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }
}
