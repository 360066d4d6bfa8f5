using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Data;
using OneWindow.Catalog.Domain;
using OneWindow.Catalog.Features.Admin;
using OneWindow.Catalog.Features.Editing;

namespace OneWindow.Catalog.Features.Transfer;

/// <summary>Which items and which of their versions to export.</summary>
public sealed record ExportFilter(long? DepartmentId, string? Text, bool Latest);

/// <summary>
/// Writes items as catalogue CSV, streaming row by row from the database cursor (100,000 rows never sit in memory).
/// The public gets published versions of items on the portal; staff may ask for the latest versions (drafts included)
/// of the items they may see. The output is exactly what the importer reads.
/// </summary>
public sealed class CatalogExporter(CatalogDbContext db)
{
    public async Task WriteAsync(Stream output, ExportFilter filter, CatalogActor? actor, CancellationToken ct)
    {
        var latest = filter.Latest && actor != null;
        var departments = latest ? CatalogAdminQueries.Visible(db.Departments, CatalogVisibility.Of(actor!)) : db.Departments;
        var query =
            from item in db.ServiceItems.AsNoTracking()
            join department in departments on item.DepartmentId equals department.Id
            join version in db.ItemVersions on item.Id equals version.ServiceItemId
            where latest ? version.VersionNo == item.LatestVersion
                : version.VersionNo == item.PublishedVersion && item.Publication != PublicationState.Unpublished
            select new { item.Id, item.DepartmentId, department.Key, item.RegionCode, version.Name, version.GuideJson };
        if (filter.DepartmentId is { } departmentId)
        {
            query = query.Where(r => r.DepartmentId == departmentId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(r => r.Name.Contains(text));
        }

        await using var csv = CsvWriter.Create(output, CatalogCsv.WriterOptions, leaveOpen: true);
        csv.WriteHeader(CatalogCsv.Header.ToArray());
        await foreach (var row in query.OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            // Flushes to the response whenever the buffer is mostly full, never blocking on I/O.
            await csv.WriteRecordAsync(CatalogCsv.Record(row.Key, row.RegionCode, ItemGuide.FromJson(row.GuideJson)), ct);
        }

        await csv.FlushAsync(ct);
    }
}
