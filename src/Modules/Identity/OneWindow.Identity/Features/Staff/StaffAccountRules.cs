using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OneWindow.Identity.Features.Staff;

/// <summary>The shape of staff user names and the one-time initial passwords an admin hands over.</summary>
public static partial class StaffAccountRules
{
    public const int MaxDisplayName = 100;

    /// <summary>Without 0/O, 1/l/I: the password is read off a screen and typed in by someone else.</summary>
    private const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>User names are compared in lower case, so "GA.Window" and "ga.window" are one account.</summary>
    public static string Normalize(string? userName) => (userName ?? "").Trim().ToLowerInvariant();

    public static bool IsValidUserName(string normalized) => UserNamePattern().IsMatch(normalized);

    /// <summary>Four groups of four (about 92 bits), always with letters and digits: "Xk7p-m3Qa-…".</summary>
    public static string NewInitialPassword()
    {
        while (true)
        {
            var chars = RandomNumberGenerator.GetItems<char>(PasswordAlphabet, 16);
            if (chars.Any(char.IsAsciiLetter) && chars.Any(char.IsAsciiDigit))
            {
                return string.Join('-', chars.Chunk(4).Select(group => new string(group)));
            }
        }
    }

    /// <summary>3 to 50 characters: lower-case latin letters, digits, dot, dash, underscore; starting with a letter or digit.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,49}$")]
    private static partial Regex UserNamePattern();
}
