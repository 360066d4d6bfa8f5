using OneWindow.Shared.Files;

namespace OneWindow.Files.Features.Checks;

/// <summary>The rejection codes an upload can get, in the order they are checked.</summary>
public static class RejectionCodes
{
    public const string Empty = "empty";
    public const string TooLarge = "too_large";
    public const string TypeNotAllowed = "type_not_allowed";
    public const string ContentMismatch = "content_mismatch";
}

/// <summary>What passed the checks: the sniffed kind and the cleaned name that agrees with it.</summary>
public sealed record AcceptedUpload(FileKind Kind, string FileName);

/// <summary>
/// The upload checks, in order: empty → too large → content sniffing (PDF, JPEG, PNG only) → the name's extension
/// agrees with the content. Messages are Chinese, then English after " / ", written to say how to fix it.
/// </summary>
public static class UploadChecks
{
    /// <summary>Reads the stream once, keeping at most <paramref name="maxBytes"/> + 1 bytes: a body is judged by what
    /// it holds, not by Content-Length. Null when it holds more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadCappedAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static FileRejection TooLarge(long maxBytes) => new(RejectionCodes.TooLarge,
        $"文件超过 {Size(maxBytes)}，请压缩或分开后再上传 / The file is larger than {Size(maxBytes)}; make it smaller or split it, then upload it again");

    public static (AcceptedUpload? Accepted, FileRejection? Rejection) Check(string? fileName, ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return (null, new FileRejection(RejectionCodes.Empty, "文件是空的（0 字节），请重新选择 / The file is empty (0 bytes); choose it again"));
        }

        var (kind, failure) = ContentSniffer.Sniff(content);
        if (kind == null)
        {
            return (null, new FileRejection(RejectionCodes.TypeNotAllowed, failure switch
            {
                SniffFailure.TruncatedPdf => "PDF 文件不完整（缺少结尾标记 %%EOF），请重新导出或扫描后上传 / The PDF is incomplete (it has no %%EOF end marker); export or scan it again and upload it",
                SniffFailure.TruncatedJpeg => "JPG 图片不完整，请重新拍摄或导出后上传 / The JPEG image is incomplete; take or export it again and upload it",
                _ => "只能上传 PDF、JPG 或 PNG 文件 / Only PDF, JPEG or PNG files can be uploaded",
            }));
        }

        var name = FileNames.Clean(fileName);
        var extension = FileNames.Extension(name);
        if (extension.Length == 0)
        {
            // No extension to disagree with: give the file the one its content has.
            return (new AcceptedUpload(kind, FileNames.Shorten((name.Length == 0 ? "file" : name) + kind.Extension)), null);
        }

        if (kind.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return (new AcceptedUpload(kind, name), null);
        }

        var claimed = FileKinds.ByExtension(extension);
        return (null, new FileRejection(RejectionCodes.ContentMismatch, claimed != null
            ? $"文件内容不是 {claimed.NameZh} / The file is not {claimed.NameEn}"
            : $"文件扩展名与内容不符：内容是 {kind.NameZh}，文件名应以 {kind.Extension} 结尾 / The name does not match the content: the file is {kind.NameEn}, so its name should end in {kind.Extension}"));
    }

    /// <summary>10 MB, 512 KB, 100 字节 / bytes: binary units, as people read file sizes.</summary>
    public static string Size(long bytes) => FileSizes.Text(bytes);
}
