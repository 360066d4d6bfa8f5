using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneWindow.Registry.Features.Ingest;
using OneWindow.Shared.Results;

namespace OneWindow.Registry.Features.Import;

/// <summary>An import error at a data row (header = row 1; 0: the file as a whole) and column.</summary>
public sealed record CsvError(int Row, string Column, string Message);

public sealed record CsvImportResult(IngestSummary? Summary, IReadOnlyList<CsvError> Errors);

/// <summary>
/// CSV import for a source (/admin/registry/import): header `code,observedAt,field1,...` (observedAt optional: the
/// upload time then), UTF-8, RFC 4180 quoting. Every row goes through the same validation as the API and the whole
/// file is stored in one transaction or not at all; errors name their row and column.
/// </summary>
public sealed partial class CsvImport(RegistryIngest ingest, TimeProvider clock)
{
    public const int MaxRows = 5000;
    public const int MaxChars = 5_000_000;

    public async Task<Outcome<CsvImportResult>> ImportAsync(string sourceKey, string? text, RegistryActor actor, CancellationToken ct)
    {
        var errors = new List<CsvError>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return Done([new CsvError(0, "", "文件为空")]);
        }

        if (text.Length > MaxChars)
        {
            return Done([new CsvError(0, "", $"文件过大（超过 {MaxChars:N0} 个字符）")]);
        }

        var (rows, problem) = Parse(text.TrimStart('\uFEFF'));
        if (problem != null)
        {
            return Done([new CsvError(problem.Value.Row, "", problem.Value.Message)]);
        }

        var header = rows[0].Select(h => h.Trim()).ToList();
        if (header.Count == 0 || header[0] != "code")
        {
            return Done([new CsvError(1, header.FirstOrDefault() ?? "", "第一列应为 code")]);
        }

        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            return Done([new CsvError(1, duplicate.Key, $"列 {duplicate.Key} 重复")]);
        }

        if (rows.Count == 1)
        {
            return Done([new CsvError(0, "", "文件没有数据行")]);
        }

        if (rows.Count - 1 > MaxRows)
        {
            return Done([new CsvError(0, "", $"最多导入 {MaxRows:N0} 行，本文件 {rows.Count - 1:N0} 行，请拆分")]);
        }

        var observedColumn = header.IndexOf("observedAt");
        var now = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        var records = new List<SubmittedRecord?>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Count != header.Count)
            {
                errors.Add(new CsvError(i + 1, "", $"应有 {header.Count} 列，本行 {row.Count} 列"));
                continue;
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            for (var c = 1; c < header.Count; c++)
            {
                if (c != observedColumn && row[c].Trim().Length > 0)
                {
                    fields[header[c]] = JsonSerializer.SerializeToElement(row[c]);
                }
            }

            records.Add(new SubmittedRecord(row[0], observedColumn > 0 && row[observedColumn].Trim().Length > 0 ? row[observedColumn].Trim() : now, fields));
        }

        if (errors.Count > 0)
        {
            return Done(errors);
        }

        var result = await ingest.SubmitAsync(sourceKey, records, actor, ct, MaxRows);
        if (result.Failure is { Kind: FailureKind.Invalid, Errors: { } invalid })
        {
            foreach (var (key, messages) in invalid)
            {
                var match = KeyPattern().Match(key);
                var row = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 2 : 0;
                var column = match.Success ? (match.Groups[3].Success ? match.Groups[3].Value : match.Groups[2].Value.TrimStart('.')) : "";
                errors.AddRange(messages.Select(m => new CsvError(row, column, m)));
            }

            return Done(errors.OrderBy(e => e.Row).ToList());
        }

        return result.Succeeded ? new CsvImportResult(result.Value, []) : result.Failure!;
    }

    private static Outcome<CsvImportResult> Done(IReadOnlyList<CsvError> errors) => new CsvImportResult(null, errors);

    [GeneratedRegex(@"^records\[(\d+)\](\.code|\.observedAt|\.fields)?(?:\.(\w+))?$")]
    private static partial Regex KeyPattern();

    /// <summary>RFC 4180: comma-separated, fields may be quoted with "" for a quote; CRLF or LF line ends; blank lines skipped.</summary>
    public static (List<List<string>> Rows, (int Row, string Message)? Problem) Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var startLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    cell.Append(ch);
                }
            }
            else if (ch == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                if (!(row.Count == 1 && row[0].Length == 0))
                {
                    rows.Add(row);
                }

                row = [];
                line++;
                startLine = line;
            }
            else
            {
                cell.Append(ch);
            }
        }

        if (quoted)
        {
            return (rows, (startLine, "引号未闭合"));
        }

        row.Add(cell.ToString());
        if (!(row.Count == 1 && row[0].Length == 0))
        {
            rows.Add(row);
        }

        return (rows, null);
    }
}
