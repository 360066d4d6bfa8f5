using System.Text;

namespace OneWindow.Calendar.Features.Editing;

/// <summary>One TSV line read as a row, with its 1-based line number for error messages.</summary>
public sealed record TsvRow(int Line, CalendarDayInput Day);

/// <summary>
/// The text form of a calendar: `date&lt;TAB&gt;kind&lt;TAB&gt;name` per line, as in Reference/holidays-cn-*.tsv and the
/// admin page's textarea. Blank lines, lines starting with # and a header line (date kind name) are skipped.
/// </summary>
public static class CalendarTsv
{
    public const string Header = "date\tkind\tname";

    /// <summary>Splits lines into rows; a line without exactly three tab-separated columns is a line error.</summary>
    public static (IReadOnlyList<TsvRow> Rows, IReadOnlyList<(int Line, string Message)> LineErrors) Parse(string? text)
    {
        var rows = new List<TsvRow>();
        var errors = new List<(int, string)>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#') || IsHeader(line))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 3)
            {
                errors.Add((i + 1, CalendarText.T("calendar.tsv_columns", columns.Length)));
                continue;
            }

            rows.Add(new TsvRow(i + 1, new CalendarDayInput(columns[0].Trim(), columns[1].Trim(), columns[2].Trim())));
        }

        return (rows, errors);
    }

    public static string Write(IEnumerable<(DateOnly Date, string Kind, string Name)> days)
    {
        var text = new StringBuilder();
        foreach (var (date, kind, name) in days)
        {
            text.Append(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append('\t').Append(kind).Append('\t').Append(name).Append('\n');
        }

        return text.ToString();
    }

    private static bool IsHeader(string line) =>
        line.Split('\t') is [var a, var b, var c] && a.Trim() == "date" && b.Trim() == "kind" && c.Trim() == "name";
}
