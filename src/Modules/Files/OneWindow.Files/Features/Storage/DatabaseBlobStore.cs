using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Data;

namespace OneWindow.Files.Features.Storage;

/// <summary>
/// Blobs in files_blob_contents, for several nodes on one PostgreSQL with no shared disk (works on SQLite too).
/// The INSERT joins the upload's transaction, so the bytes commit with the file's row or not at all.
/// </summary>
public sealed class DatabaseBlobStore(FilesDbContext db) : IBlobStore
{
    public bool InDatabase => true;

    public async Task PutAsync(string sha256, byte[] content, CancellationToken ct) =>
        // ON CONFLICT: a racing upload of the same bytes on another node may have inserted it since we looked.
        await db.Database.ExecuteSqlAsync($"INSERT INTO files_blob_contents (sha256, content) VALUES ({sha256}, {content}) ON CONFLICT (sha256) DO NOTHING", ct);

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct)
    {
        var content = await db.BlobContents.Where(b => b.Sha256 == sha256).Select(b => b.Content).FirstOrDefaultAsync(ct);
        return content == null ? null : new MemoryStream(content, writable: false);
    }
}
