using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Shared.Audit;

namespace OneWindow.Catalog.Features.Regions;

public sealed record RegionImportError(int Line, string Column, string Message);

public sealed record RegionImportReport(string? Revision, int Added, int Renamed, int Withdrawn, int Unchanged, IReadOnlyList<RegionImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports a GB/T 2260 revision in the cn/GB2260 TSV layout (Source, Revision, Code, Name). A revision is a full
/// list: codes it no longer contains are marked withdrawn, never deleted, so records that carry them still resolve.
/// The whole file is checked first; one bad row and nothing is imported.
/// </summary>
public sealed class RegionImporter(CatalogDbContext db, TimeProvider clock)
{
    public const int MaxRows = 10_000;

    /// <summary>Imports the file; the audit entry is written with the change, in the caller's transaction when there is one.</summary>
    public async Task<RegionImportReport> ImportAsync(Stream tsv, string actor = "system", CancellationToken ct = default)
    {
        var (rows, revision, errors) = await ParseAsync(tsv, ct);
        if (errors.Count > 0)
        {
            return new RegionImportReport(revision, 0, 0, 0, 0, errors);
        }

        // Thousands of rows: skip EF's per-entity change scanning and let SaveChanges compare once.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var existing = await db.Regions.ToDictionaryAsync(r => r.Code, ct);
        var codes = rows.Select(r => r.Code).ToHashSet();
        int added = 0, renamed = 0, withdrawn = 0, unchanged = 0;
        foreach (var (code, name) in rows)
        {
            var parent = ParentCode(code, codes);
            if (existing.TryGetValue(code, out var region))
            {
                if (region.Name != name || region.Withdrawn || region.ParentCode != parent)
                {
                    region.Name = name;
                    region.Withdrawn = false;
                    region.ParentCode = parent;
                    region.Revision = revision!;
                    renamed++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                db.Regions.Add(new Region { Code = code, Name = name, Level = Region.LevelOf(code), ParentCode = parent, Revision = revision!, Withdrawn = false });
                added++;
            }
        }

        foreach (var region in existing.Values.Where(r => !r.Withdrawn && !codes.Contains(r.Code)))
        {
            region.Withdrawn = true;
            withdrawn++;
        }

        db.ChangeTracker.DetectChanges();
        await using var transaction = db.Database.CurrentTransaction == null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        await AuditLog.AppendAsync(db, new AuditRecord(actor, null, "catalog.regions.imported", "catalog.regions", revision!,
            $"GB/T 2260 revision {revision}: {added} added, {renamed} renamed, {withdrawn} withdrawn, {unchanged} unchanged",
            JsonSerializer.Serialize(new { revision, added, renamed, withdrawn, unchanged })), clock.GetUtcNow(), ct);
        if (transaction != null)
        {
            await transaction.CommitAsync(ct);
        }

        return new RegionImportReport(revision, added, renamed, withdrawn, unchanged, []);
    }

    private static string? ParentCode(string code, HashSet<string> codes)
    {
        var parent = Region.ParentOf(code);
        if (parent != null && !codes.Contains(parent))
        {
            // e.g. 省直辖县级行政区划 (4290xx): no prefecture row, the province is the parent.
            parent = code[..2] + "0000";
        }

        return parent == code ? null : parent;
    }

    private static async Task<(List<(string Code, string Name)> Rows, string? Revision, List<RegionImportError> Errors)> ParseAsync(Stream tsv, CancellationToken ct)
    {
        var rows = new List<(string, string)>();
        var errors = new List<RegionImportError>();
        var seen = new HashSet<string>();
        string? revision = null;
        using var reader = new StreamReader(tsv);
        var header = await reader.ReadLineAsync(ct);
        if (header == null || !header.Split('\t').Select(h => h.Trim()).SequenceEqual(["Source", "Revision", "Code", "Name"]))
        {
            errors.Add(new RegionImportError(1, "header", "第1行应为表头：Source、Revision、Code、Name（以制表符分隔）"));
            return (rows, revision, errors);
        }

        var lineNo = 1;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            if (rows.Count >= MaxRows)
            {
                errors.Add(new RegionImportError(lineNo, "file", $"文件超过 {MaxRows} 行"));
                break;
            }

            var cells = line.Split('\t');
            if (cells.Length != 4)
            {
                errors.Add(new RegionImportError(lineNo, "line", $"应有4列，实际为{cells.Length}列"));
                continue;
            }

            var (rowRevision, code, name) = (cells[1].Trim(), cells[2].Trim(), cells[3].Trim());
            if (rowRevision.Length is 0 or > 16)
            {
                errors.Add(new RegionImportError(lineNo, "Revision", "版本号不能为空，且不超过16个字符"));
            }
            else if (revision != null && rowRevision != revision)
            {
                errors.Add(new RegionImportError(lineNo, "Revision", $"一个文件只能包含一个版本（前面是 {revision}）"));
            }

            revision ??= rowRevision;
            if (!Region.IsWellFormed(code))
            {
                errors.Add(new RegionImportError(lineNo, "Code", "行政区划代码应为6位数字"));
            }
            else if (!seen.Add(code))
            {
                errors.Add(new RegionImportError(lineNo, "Code", $"代码 {code} 重复"));
            }

            if (name.Length is 0 or > 64)
            {
                errors.Add(new RegionImportError(lineNo, "Name", "名称不能为空，且不超过64个字符"));
            }

            rows.Add((code, name));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new RegionImportError(2, "file", "文件中没有数据行"));
        }

        return (rows, revision, errors);
    }
}
