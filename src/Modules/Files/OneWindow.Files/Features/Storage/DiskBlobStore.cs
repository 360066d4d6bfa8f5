namespace OneWindow.Files.Features.Storage;

/// <summary>
/// Blobs as files under a root folder: {root}/ab/cd/{sha256}. A blob is written to a temporary file in its final
/// folder, flushed to the disk (fsync), then renamed into place without overwriting, so a reader sees the whole
/// blob or none, and a crash leaves at most a stray temporary file. For several nodes the root must be a shared
/// mount (NFS); see docs/files.md.
/// </summary>
public sealed class DiskBlobStore(string root) : IBlobStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public bool InDatabase => false;

    public string PathOf(string sha256)
    {
        if (!BlobKeys.IsValid(sha256))
        {
            throw new ArgumentException("A blob key is 64 lower-case hex digits.", nameof(sha256));
        }

        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256);
    }

    public async Task PutAsync(string sha256, byte[] content, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            return;
        }

        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{sha256}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another upload of the same bytes got there first: same content, nothing to do.
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }
}
