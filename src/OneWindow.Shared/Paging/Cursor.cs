using System.Buffers.Text;
using System.Text;

namespace OneWindow.Shared.Paging;

/// <summary>
/// Opaque keyset cursors for long lists: the client passes back what it was given and never builds one itself.
/// The cursor carries the last row's id; the next page starts strictly after it.
/// </summary>
public static class Cursor
{
    public static string Encode(long lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("id:" + lastId));

    public static bool TryDecode(string? cursor, out long lastId)
    {
        lastId = 0;
        if (string.IsNullOrWhiteSpace(cursor) || cursor.Length > 64)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("id:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(3), out lastId) && lastId >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>An optional cursor: absent or empty means the first page (null); anything else must decode.</summary>
    public static bool TryDecodeOptional(string? cursor, out long? lastId)
    {
        lastId = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (!TryDecode(cursor, out var id))
        {
            return false;
        }

        lastId = id;
        return true;
    }
}
