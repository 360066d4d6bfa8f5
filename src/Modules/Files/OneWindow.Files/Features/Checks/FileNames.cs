using System.Globalization;
using System.Text;

namespace OneWindow.Files.Features.Checks;

/// <summary>Cleans a client's file name for storage and for Content-Disposition: the last path segment only, no
/// control or bidirectional-formatting characters, no characters file systems refuse, at most 200 characters with
/// the extension kept.</summary>
public static class FileNames
{
    public const int MaxLength = 200;

    private const string Forbidden = "<>:\"|?*";

    public static string Clean(string? name)
    {
        var text = name ?? "";
        var slash = text.LastIndexOfAny(['/', '\\']);
        if (slash >= 0)
        {
            text = text[(slash + 1)..];
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            builder.Append(rune.IsAscii && Forbidden.Contains((char)rune.Value) ? "_" : rune.ToString());
        }

        // Leading dots would hide the file on Unix ("..", ".bashrc"); trailing dots and spaces vanish on Windows.
        var cleaned = builder.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        return Shorten(cleaned);
    }

    /// <summary>The extension including the dot (".pdf"), or "" when the name has none.</summary>
    public static string Extension(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot > 0 && dot < name.Length - 1 ? name[dot..] : "";
    }

    /// <summary>Cuts the stem so the whole name fits in <see cref="MaxLength"/> characters, never inside a surrogate pair.</summary>
    public static string Shorten(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var extension = Extension(name);
        if (extension.Length > 20)
        {
            extension = "";
        }

        var keep = MaxLength - extension.Length;
        if (char.IsHighSurrogate(name[keep - 1]))
        {
            keep--;
        }

        return name[..keep] + extension;
    }
}
