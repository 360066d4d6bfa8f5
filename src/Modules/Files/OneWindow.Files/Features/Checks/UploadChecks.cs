using OneWindow.Shared.Files;
using OneWindow.Shared.Web;

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
/// agrees with the content. Messages (files.* in Messages.json) are in the current UI language, written to say how
/// to fix it.
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

    public static FileRejection TooLarge(long maxBytes) => new(RejectionCodes.TooLarge, FilesText.T("files.too_large", Size(maxBytes)));

    public static (AcceptedUpload? Accepted, FileRejection? Rejection) Check(string? fileName, ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return (null, new FileRejection(RejectionCodes.Empty, FilesText.T("files.empty")));
        }

        var (kind, failure) = ContentSniffer.Sniff(content);
        if (kind == null)
        {
            return (null, new FileRejection(RejectionCodes.TypeNotAllowed, failure switch
            {
                SniffFailure.TruncatedPdf => FilesText.T("files.truncated_pdf"),
                SniffFailure.TruncatedJpeg => FilesText.T("files.truncated_jpeg"),
                _ => FilesText.T("files.type_not_allowed"),
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
            ? FilesText.T("files.not_claimed_kind", Lang.L(claimed.NameZh, claimed.NameEn))
            : FilesText.T("files.extension_mismatch", Lang.L(kind.NameZh, kind.NameEn), kind.Extension)));
    }

    /// <summary>10 MB, 512 KB, 100 字节 / bytes: binary units, as people read file sizes.</summary>
    public static string Size(long bytes) => FileSizes.Text(bytes);
}
