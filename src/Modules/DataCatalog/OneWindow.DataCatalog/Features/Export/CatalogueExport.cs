using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Data;
using OneWindow.DataCatalog.Domain;
using OneWindow.Shared.Sharing;

namespace OneWindow.DataCatalog.Features.Export;

/// <summary>One published resource as the export writes it (JSON; the CSV has the same columns).</summary>
public sealed record ExportedResource(string Code, int Version, string? PublishedOn, ResourceMetadata Metadata);

/// <summary>The whole published catalogue as CSV (UTF-8 with BOM, Chinese header, one row per resource, items as
/// key:名称:type:mask joined with ';') or as a JSON array, streamed in code order.</summary>
public sealed class CatalogueExport(DataCatalogDbContext db)
{
    public static readonly string[] Header =
    [
        "资源代码", "资源名称", "资源分类", "提供方", "提供方代码", "资源摘要", "资源格式", "信息项", "主体信息项", "数据所在", "共享属性", "共享条件",
        "不予共享依据", "共享方式", "开放属性", "更新周期", "发布日期", "版本", "关联资源代码", "答复时限（工作日）",
    ];

    public IAsyncEnumerable<ExportedResource> PublishedAsync(CancellationToken ct) =>
        (from r in db.Resources.AsNoTracking()
         where r.Code != null && r.PublishedVersion != null
         join v in db.Versions.AsNoTracking() on r.Id equals v.ResourceId
         where v.VersionNo == r.PublishedVersion
         orderby r.Code
         select new { r.Code, v.VersionNo, v.PublishedOn, v.Document })
        .AsAsyncEnumerable()
        .Select(row => new ExportedResource(row.Code!, row.VersionNo, row.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ResourceMetadata.FromJson(row.Document)));

    public async Task WriteCsvAsync(Stream output, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true);
        csv.WriteHeader(Header);
        await foreach (var r in PublishedAsync(ct).WithCancellation(ct))
        {
            var m = r.Metadata;
            await csv.WriteRecordAsync(new[]
            {
                r.Code, m.Name, m.Classification, m.ProviderName, m.ProviderCode, m.Summary, Vocabulary.Title(Vocabulary.Formats, m.Format).Zh,
                string.Join(';', m.Items.Select(i => $"{i.Key}:{i.Name}:{i.Type}:{i.Mask}")), m.SubjectItem ?? "", m.Holding,
                SharingClasses.Title(m.SharingClass).Zh, m.SharingConditions ?? "", m.NotSharedBasis ?? "", Vocabulary.Title(Vocabulary.SharingMethods, m.SharingMethod).Zh,
                OpenClasses.Title(m.OpenClass).Zh, Vocabulary.Title(Vocabulary.UpdateCycles, m.UpdateCycle).Zh, r.PublishedOn ?? "",
                r.Version.ToString(CultureInfo.InvariantCulture), string.Join(';', m.RelatedCodes), m.DecisionWorkingDays.ToString(CultureInfo.InvariantCulture),
            }, ct);
        }

        await csv.FlushAsync(ct);
    }

    /// <summary>A JSON array streamed as the rows are read (the serializer's IAsyncEnumerable support).</summary>
    public Task WriteJsonAsync(Stream output, CancellationToken ct) => JsonSerializer.SerializeAsync(output, PublishedAsync(ct), ResourceMetadata.JsonOptions, ct);
}
