using System.Globalization;

namespace OneWindow.Shared.Files;

/// <summary>A stored upload as other modules see it. The content is addressed by its SHA-256; the id is what cases
/// hold. OwnerSubject is the applicant the file belongs to ("citizen:12", or "enterprise:5" when uploaded by an agent).</summary>
public sealed record StoredFile(long Id, string OwnerSubject, string FileName, string MediaType, long Length, string Sha256, DateTimeOffset UploadedAt);

/// <summary>Why an upload was refused; Message is shown next to the file field (Chinese first, English after " / ").</summary>
public sealed record FileRejection(string Code, string Message);

public sealed record FileUploadResult(StoredFile? File, FileRejection? Rejection)
{
    public bool Succeeded => File is not null;
}

/// <summary>
/// The applicant's file library (materials uploaded once, reused for later cases). The files module owns the tables and
/// the blob store; modules like case handling keep file ids and ask here. Authorization is the caller's job: this port
/// does not know who may read a case's materials, only who owns a file.
/// </summary>
public interface IFileLibrary
{
    /// <summary>Checks type by content (PDF, JPEG, PNG), size and emptiness, then stores. Never throws for bad input.</summary>
    Task<FileUploadResult> UploadAsync(string ownerSubject, string fileName, Stream content, CancellationToken ct);

    /// <summary>As the upload above, with the person who uploaded (an agent's "citizen:7" uploading into
    /// "enterprise:5") named in the audit entry.</summary>
    Task<FileUploadResult> UploadAsync(string ownerSubject, string actorSubject, string? fileName, Stream content, CancellationToken ct);

    /// <summary>The files with these ids, in any order; unknown ids are left out.</summary>
    Task<IReadOnlyList<StoredFile>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>The owner's files, newest first, keyset-paged by id (ids below <paramref name="beforeId"/>).</summary>
    Task<IReadOnlyList<StoredFile>> ListOwnedAsync(string ownerSubject, long? beforeId, int take, CancellationToken ct);

    /// <summary>The content, or null when the file or its blob is gone. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(long id, CancellationToken ct);
}

/// <summary>File sizes as people read them ("1.5 MB"), the same on every page that lists files.</summary>
public static class FileSizes
{
    public static string Text(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / 1048576.0).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString(bytes % 1024 == 0 ? "0" : "0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
