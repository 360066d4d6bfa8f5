namespace OneWindow.Files.Features.Checks;

/// <summary>A type the platform accepts, recognized by its content (magic bytes), never by the name or the client's claim.</summary>
public sealed record FileKind(string MediaType, string Extension, string[] Extensions, string NameZh, string NameEn);

/// <summary>PDF, JPEG and PNG: what 申请材料 are scanned or exported as. Anything else is refused.</summary>
public static class FileKinds
{
    public static readonly FileKind Pdf = new("application/pdf", ".pdf", [".pdf"], "PDF", "a PDF");
    public static readonly FileKind Jpeg = new("image/jpeg", ".jpg", [".jpg", ".jpeg"], "JPG 图片", "a JPEG image");
    public static readonly FileKind Png = new("image/png", ".png", [".png"], "PNG 图片", "a PNG image");

    public static readonly IReadOnlyList<FileKind> All = [Pdf, Jpeg, Png];

    /// <summary>The kind whose extension the name ends with (case-insensitive), or null.</summary>
    public static FileKind? ByExtension(string extension) =>
        All.FirstOrDefault(k => k.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));

    public static FileKind? ByMediaType(string mediaType) => All.FirstOrDefault(k => k.MediaType == mediaType);
}

/// <summary>Why sniffing did not recognize the content.</summary>
public enum SniffFailure
{
    None,

    /// <summary>Not a PDF, JPEG or PNG at all.</summary>
    Unknown,

    /// <summary>Starts like a PDF but has no %%EOF in its last 1 KiB: cut off in transfer or export.</summary>
    TruncatedPdf,

    /// <summary>Starts like a JPEG but does not end with the end-of-image marker FF D9.</summary>
    TruncatedJpeg,
}

/// <summary>Content sniffing by signatures: PDF (%PDF- at the start and %%EOF in the last 1 KiB), JPEG (FF D8 FF …
/// FF D9), PNG (the 8-byte signature, then the IHDR chunk of length 13).</summary>
public static class ContentSniffer
{
    private static readonly byte[] PdfStart = "%PDF-"u8.ToArray();
    private static readonly byte[] PdfEnd = "%%EOF"u8.ToArray();
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PngHeader = [0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]; // length 13, "IHDR"

    public static (FileKind? Kind, SniffFailure Failure) Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PdfStart))
        {
            var tail = content[Math.Max(0, content.Length - 1024)..];
            return tail.IndexOf(PdfEnd) >= 0 ? (FileKinds.Pdf, SniffFailure.None) : (null, SniffFailure.TruncatedPdf);
        }

        if (content.Length >= 4 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
        {
            return content.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]) ? (FileKinds.Jpeg, SniffFailure.None) : (null, SniffFailure.TruncatedJpeg);
        }

        if (content.StartsWith(PngSignature) && content[PngSignature.Length..].StartsWith(PngHeader))
        {
            return (FileKinds.Png, SniffFailure.None);
        }

        return (null, SniffFailure.Unknown);
    }
}
