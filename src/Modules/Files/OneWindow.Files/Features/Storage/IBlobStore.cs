namespace OneWindow.Files.Features.Storage;

/// <summary>
/// Where blob bytes live, addressed by lower-case hex SHA-256. Writing a blob that exists already is a no-op, so two
/// uploads of the same bytes (even racing on two nodes) store them once. Chosen by Files:Store (docs/files.md).
/// </summary>
public interface IBlobStore
{
    /// <summary>True when PutAsync writes through the files DbContext and so commits or rolls back with the upload's
    /// transaction; false when it writes elsewhere (a disk) and is called before the transaction opens.</summary>
    bool InDatabase { get; }

    Task PutAsync(string sha256, byte[] content, CancellationToken ct);

    /// <summary>The content, or null when the blob is missing. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct);
}

public static class BlobKeys
{
    /// <summary>64 lower-case hex digits: the only form a key takes, checked before it becomes part of a path.</summary>
    public static bool IsValid(string sha256) => sha256.Length == 64 && sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
