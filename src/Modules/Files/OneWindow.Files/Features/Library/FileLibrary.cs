using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Data;
using OneWindow.Files.Domain;
using OneWindow.Files.Features.Checks;
using OneWindow.Files.Features.Storage;
using OneWindow.Shared.Audit;
using OneWindow.Shared.Files;

namespace OneWindow.Files.Features.Library;

/// <summary>
/// The applicants' materials library (IFileLibrary): checks an upload (UploadChecks), stores its bytes once per
/// SHA-256 in the blob store and records the file for its owner, with an audit entry, in one transaction.
/// A refused upload stores nothing.
/// </summary>
public sealed class FileLibrary(FilesDbContext db, IBlobStore store, FilesSettings settings, TimeProvider clock) : IFileLibrary
{
    public const int MaxPageSize = 100;

    /// <summary>Most rows one ListOwnedAsync call returns, whatever is asked (pages ask for one more than they show).</summary>
    public const int MaxRows = 1000;

    public Task<FileUploadResult> UploadAsync(string ownerSubject, string fileName, Stream content, CancellationToken ct) =>
        UploadAsync(ownerSubject, ownerSubject, fileName, content, ct);

    /// <summary>As <see cref="UploadAsync(string, string, Stream, CancellationToken)"/>, with the person who uploaded
    /// (an agent's "citizen:7" uploading into "enterprise:5") named in the audit entry.</summary>
    public async Task<FileUploadResult> UploadAsync(string ownerSubject, string actorSubject, string? fileName, Stream content, CancellationToken ct)
    {
        var bytes = await UploadChecks.ReadCappedAsync(content, settings.MaxBytes, ct);
        if (bytes == null)
        {
            return new FileUploadResult(null, UploadChecks.TooLarge(settings.MaxBytes));
        }

        var (accepted, rejection) = UploadChecks.Check(fileName, bytes);
        if (accepted == null)
        {
            return new FileUploadResult(null, rejection);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var now = clock.GetUtcNow();
        if (!store.InDatabase)
        {
            await store.PutAsync(sha256, bytes, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (store.InDatabase)
        {
            await store.PutAsync(sha256, bytes, ct);
        }

        object createdAt = db.Database.IsNpgsql() ? now : now.UtcTicks;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO files_blobs (sha256, length, media_type, created_at) VALUES ({sha256}, {(long)bytes.Length}, {accepted.Kind.MediaType}, {createdAt}) ON CONFLICT (sha256) DO NOTHING", ct);
        var record = new FileRecord
        {
            OwnerSubject = ownerSubject,
            FileName = accepted.FileName,
            MediaType = accepted.Kind.MediaType,
            Length = bytes.Length,
            Sha256 = sha256,
            UploadedAt = now,
        };
        db.Files.Add(record);
        await db.SaveChangesAsync(ct);
        var id = record.Id.ToString(CultureInfo.InvariantCulture);
        // No file name in the log: names often carry a person's name or ID number.
        await AuditLog.AppendAsync(db, new AuditRecord(actorSubject, null, "files.file.uploaded", "file", id,
            $"File {id} ({accepted.Kind.MediaType}, {bytes.Length} bytes) uploaded into the library of {ownerSubject}"), now, ct);
        await transaction.CommitAsync(ct);
        return new FileUploadResult(ToStored(record), null);
    }

    public async Task<IReadOnlyList<StoredFile>> FindAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var wanted = ids.Distinct().ToList();
        var rows = await db.Files.AsNoTracking().Where(f => wanted.Contains(f.Id)).ToListAsync(ct);
        return rows.Select(ToStored).ToList();
    }

    public async Task<IReadOnlyList<StoredFile>> ListOwnedAsync(string ownerSubject, long? beforeId, int take, CancellationToken ct)
    {
        var query = db.Files.AsNoTracking().Where(f => f.OwnerSubject == ownerSubject);
        if (beforeId is { } before)
        {
            query = query.Where(f => f.Id < before);
        }

        var rows = await query.OrderByDescending(f => f.Id).Take(Math.Clamp(take, 1, MaxRows)).ToListAsync(ct);
        return rows.Select(ToStored).ToList();
    }

    public async Task<Stream?> OpenReadAsync(long id, CancellationToken ct)
    {
        var sha256 = await db.Files.Where(f => f.Id == id).Select(f => f.Sha256).FirstOrDefaultAsync(ct);
        return sha256 == null ? null : await store.OpenReadAsync(sha256, ct);
    }

    /// <summary>The file and its content when it belongs to <paramref name="ownerSubject"/>; null for an unknown id,
    /// someone else's file, or a missing blob alike.</summary>
    public async Task<(StoredFile File, Stream Content)?> OpenOwnedAsync(long id, string ownerSubject, CancellationToken ct)
    {
        var row = await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.OwnerSubject == ownerSubject, ct);
        if (row == null || await store.OpenReadAsync(row.Sha256, ct) is not { } content)
        {
            return null;
        }

        return (ToStored(row), content);
    }

    private static StoredFile ToStored(FileRecord f) => new(f.Id, f.OwnerSubject, f.FileName, f.MediaType, f.Length, f.Sha256, f.UploadedAt);
}
