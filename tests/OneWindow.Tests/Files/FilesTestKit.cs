using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Data;
using OneWindow.Tests.Infrastructure;

namespace OneWindow.Tests.Files;

/// <summary>
/// Apps for the files tests: one per database kind and blob store, without the demo city, with a small
/// Files:MaxBytes so the size limit is tested with small bodies, and (disk store) a temporary blob root of their own.
/// Sample contents are made unique per call (a fresh id inside) unless a test wants the same bytes twice.
/// </summary>
public static class FilesTestKit
{
    public const long MaxBytes = 4096;

    private static readonly Dictionary<(DbKind, string), Lazy<Task<FilesApp>>> Apps = new()
    {
        [(DbKind.Sqlite, "disk")] = new(() => StartAsync(DbKind.Sqlite, "disk")),
        [(DbKind.Postgres, "disk")] = new(() => StartAsync(DbKind.Postgres, "disk")),
        [(DbKind.Sqlite, "database")] = new(() => StartAsync(DbKind.Sqlite, "database")),
        [(DbKind.Postgres, "database")] = new(() => StartAsync(DbKind.Postgres, "database")),
    };

    public static Task<FilesApp> AppAsync(DbKind kind, string store = "disk") => Apps[(kind, store)].Value;

    private static async Task<FilesApp> StartAsync(DbKind kind, string store)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var root = Path.Combine(Path.GetTempPath(), $"ow-blobs-{Guid.NewGuid():N}");
        var app = new OneWindowApp(database, demoData: false, new Dictionary<string, string>
        {
            ["Files:Store"] = store,
            ["Files:DiskRoot"] = root,
            ["Files:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await app.WaitUntilReadyAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            app.Dispose();
            database.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new FilesApp(app, root);
    }

    /// <summary>A small well-formed PDF (%PDF- … %%EOF), padded with a comment to <paramref name="length"/> bytes when given.</summary>
    public static byte[] Pdf(int? length = null, string? marker = null)
    {
        var head = $"%PDF-1.4\n% {marker ?? Guid.NewGuid().ToString("N")}\n";
        const string tail = "\n%%EOF\n";
        var padding = length is { } total ? new string('x', total - head.Length - tail.Length - 2) : "";
        var text = head + (padding.Length > 0 ? "% " + padding : "") + tail;
        var bytes = Encoding.ASCII.GetBytes(text);
        return length is { } exact && bytes.Length != exact ? throw new InvalidOperationException("PDF sample length") : bytes;
    }

    /// <summary>The 8-byte PNG signature, an IHDR chunk (1×1) and a unique tail.</summary>
    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
        .. Guid.NewGuid().ToByteArray(),
    ];

    /// <summary>FF D8 FF (SOI and a marker), a unique body, FF D9 (EOI).</summary>
    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, .. Guid.NewGuid().ToByteArray(), 0xFF, 0xD9];

    /// <summary>A client signed in as a newly registered citizen.</summary>
    public static async Task<HttpClient> NewCitizenAsync(OneWindowApp app) => await Identity.CitizenKit.SignedInAsync(app, await Identity.CitizenKit.RegisterAsync(app));

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, string contentType = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        return client.PostAsync("/api/v1/files", form);
    }

    /// <summary>Uploads and returns the new file's id (asserting 201).</summary>
    public static async Task<long> UploadOkAsync(HttpClient client, string fileName, byte[] content)
    {
        var response = await UploadAsync(client, fileName, content);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"upload → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await Json.ReadAsync(response))["id"]!.GetValue<long>();
    }

    public static Task<(int Files, int Blobs, int Contents)> CountsAsync(OneWindowApp app) =>
        app.QueryAsync<FilesDbContext, (int, int, int)>(async db => (await db.Files.CountAsync(), await db.Blobs.CountAsync(), await db.BlobContents.CountAsync()));
}

/// <summary>A files test app and its disk store's root folder.</summary>
public sealed record FilesApp(OneWindowApp App, string DiskRoot)
{
    /// <summary>Every file under the disk root (blobs and any leftover temporary file).</summary>
    public IReadOnlyList<string> DiskFiles() => Directory.Exists(DiskRoot) ? Directory.GetFiles(DiskRoot, "*", SearchOption.AllDirectories) : [];
}
