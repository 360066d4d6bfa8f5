using System.Buffers.Text;
using System.Text;

namespace OneWindow.Identity.Features.Staff;

/// <summary>Opaque keyset cursor over the directory's user-name order (the shared Cursor carries numeric ids only):
/// the next page starts strictly after the last user name shown.</summary>
public static class StaffCursor
{
    public static string Encode(string lastUserName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("u:" + lastUserName));

    public static bool TryDecode(string? cursor, out string lastUserName)
    {
        lastUserName = "";
        if (string.IsNullOrWhiteSpace(cursor) || cursor.Length > 100)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith("u:", StringComparison.Ordinal) || !StaffAccountRules.IsValidUserName(text[2..]))
            {
                return false;
            }

            lastUserName = text[2..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
