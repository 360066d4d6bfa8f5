namespace OneWindow.Files.Domain;

/// <summary>One upload in an applicant's library (申请材料). Several records may share one blob: the same bytes
/// uploaded twice are stored once. OwnerSubject is "citizen:12" or "enterprise:5".</summary>
public sealed class FileRecord
{
    public long Id { get; set; }

    public required string OwnerSubject { get; set; }

    /// <summary>The cleaned name (no path, no control characters, at most 200 characters).</summary>
    public required string FileName { get; set; }

    /// <summary>The sniffed type (application/pdf, image/jpeg, image/png), never the client's claim.</summary>
    public required string MediaType { get; set; }

    public long Length { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content: the blob's key.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>Stored content, addressed by its SHA-256. Where the bytes live depends on the blob store (disk or database).</summary>
public sealed class Blob
{
    public required string Sha256 { get; set; }

    public long Length { get; set; }

    public required string MediaType { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The bytes of a blob when Files:Store is "database".</summary>
public sealed class BlobContent
{
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }
}
