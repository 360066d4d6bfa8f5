using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Data;
using OneWindow.Tests.Identity;
using OneWindow.Tests.Infrastructure;
using static OneWindow.Tests.Files.FilesTestKit;

namespace OneWindow.Tests.Files;

/// <summary>Content addressing on both blob stores: the same bytes uploaded twice (by two people) are one blob and
/// two files, both downloadable; the disk store writes {root}/ab/cd/{sha256} and leaves no temporary file, the
/// database store keeps the bytes in files_blob_contents and writes nothing to disk.</summary>
public abstract class FileStoreTests(DbKind kind)
{
    [Fact]
    public async Task Disk_store_keeps_the_same_bytes_once_under_their_hash()
    {
        var (files, sha, content) = await UploadTwiceAsync("disk");
        var path = Path.Combine(files.DiskRoot, sha[..2], sha[2..4], sha);
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        Assert.Single(files.DiskFiles(), f => f.Contains(sha, StringComparison.Ordinal));
        Assert.DoesNotContain(files.DiskFiles(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal(0, await files.App.QueryAsync<FilesDbContext, int>(db => db.BlobContents.CountAsync(b => b.Sha256 == sha)));
    }

    [Fact]
    public async Task Database_store_keeps_the_same_bytes_once_in_the_database()
    {
        var (files, sha, content) = await UploadTwiceAsync("database");
        var stored = await files.App.QueryAsync<FilesDbContext, List<byte[]>>(db => db.BlobContents.Where(b => b.Sha256 == sha).Select(b => b.Content).ToListAsync());
        Assert.Equal(content, Assert.Single(stored));
        Assert.Empty(files.DiskFiles());
    }

    /// <summary>Two citizens upload the same bytes under different names; returns the app, the hash and the bytes
    /// after checking one blob row, two file rows and that each owner downloads the bytes.</summary>
    private async Task<(FilesApp Files, string Sha, byte[] Content)> UploadTwiceAsync(string store)
    {
        var files = await AppAsync(kind, store);
        var content = Pdf(1000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var first = await NewCitizenAsync(files.App);
        var second = await NewCitizenAsync(files.App);
        var firstId = await UploadOkAsync(first, "申请表.pdf", content);
        var secondId = await UploadOkAsync(second, "申请表（副本）.pdf", content);
        Assert.NotEqual(firstId, secondId);

        var (fileRows, blobRows) = await files.App.QueryAsync<FilesDbContext, (int, int)>(async db =>
            (await db.Files.CountAsync(f => f.Sha256 == sha), await db.Blobs.CountAsync(b => b.Sha256 == sha)));
        Assert.Equal(2, fileRows);
        Assert.Equal(1, blobRows);
        Assert.Equal(content, await first.GetByteArrayAsync($"/api/v1/files/{firstId}/content"));
        Assert.Equal(content, await second.GetByteArrayAsync($"/api/v1/files/{secondId}/content"));
        return (files, sha, content);
    }
}

[Trait("Database", "Sqlite")]
public sealed class FileStoreTestsOnSqlite() : FileStoreTests(DbKind.Sqlite);

[Trait("Database", "Postgres")]
public sealed class FileStoreTestsOnPostgres() : FileStoreTests(DbKind.Postgres);
