using CsvHelper;

namespace OneWindow.Catalog.Features.Transfer;

public sealed record StructureReport(int Rows, IReadOnlyList<ImportError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads a catalogue CSV record by record. The structure check (header, quotes, column counts, row limit) runs while
/// the upload is still in the request, so a malformed file gets a 400 at once instead of a job that fails later.
/// </summary>
public static class CsvStructure
{
    private const int MaxReported = 100;

    public static StructureReport Check(string text)
    {
        var errors = new List<ImportError>();
        var rows = 0;
        try
        {
            foreach (var (row, _, problem) in Records(text, errors))
            {
                rows++;
                if (problem != null)
                {
                    errors.Add(new ImportError(row, "", problem));
                }

                if (rows > CatalogCsv.MaxRows)
                {
                    errors.Add(new ImportError(row, "", $"文件超过 {CatalogCsv.MaxRows:N0} 行数据，请拆分后分批导入"));
                    break;
                }

                if (errors.Count >= MaxReported)
                {
                    break;
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new ImportError((int)e.RecordNumber, "", "CSV 格式错误，无法读取：" + e.Message.Split('\n')[0]));
        }

        return new StructureReport(rows, errors);
    }

    /// <summary>Data records with their row number (header = row 1) and, when the row is malformed, why.
    /// Header problems go to <paramref name="headerErrors"/>.</summary>
    public static IEnumerable<(int Row, string[] Record, string? Problem)> Records(string text, List<ImportError> headerErrors) =>
        Records(text, headerErrors, _ => { });

    public static IEnumerable<(int Row, string[] Record, string? Problem)> Records(string text, List<ImportError> headerErrors, Action<Dictionary<string, int>> positions)
    {
        var malformed = new Dictionary<long, CsvMalformedReason>();
        using var reader = CsvReader.FromText(text, CatalogCsv.ReaderOptions(record => malformed.TryAdd(record.RecordNumber, record.Reason)));
        var header = reader.Headers.ToArray();
        var found = CatalogCsv.ReadHeader(header, headerErrors);
        if (headerErrors.Count > 0)
        {
            yield break;
        }

        positions(found);
        while (reader.Read())
        {
            // Record numbers count the header as 1, which is also the row a spreadsheet shows.
            var row = (int)reader.RowNumber + 1;
            var record = new string[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = reader.GetString(i);
            }

            string? problem = null;
            if (malformed.Remove(row, out var reason))
            {
                problem = reason switch
                {
                    CsvMalformedReason.UnterminatedQuote => "引号未闭合：从这一行起到文件末尾都被当作一个单元格；含逗号、引号或换行的内容须整体用英文双引号括起",
                    CsvMalformedReason.FieldCountMismatch => $"本行有 {record.Length} 列，表头有 {header.Length} 列",
                    _ => "引号使用不正确：含逗号、引号或换行的内容须整体用英文双引号括起，内容中的双引号写成两个（\"\"）",
                };
            }
            else if (record.Length != header.Length)
            {
                problem = $"本行有 {record.Length} 列，表头有 {header.Length} 列（可能有未闭合的引号或多余的逗号）";
            }

            yield return (row, record, problem);
        }
    }
}
