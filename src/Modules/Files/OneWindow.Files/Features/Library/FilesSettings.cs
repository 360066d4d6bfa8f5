namespace OneWindow.Files.Features.Library;

/// <summary>Files:* configuration (docs/files.md).</summary>
public sealed class FilesSettings
{
    public const string DiskStore = "disk";
    public const string DatabaseStore = "database";

    /// <summary>"disk" (one node, or several on a shared mount) or "database" (several nodes on one PostgreSQL).</summary>
    public string Store { get; init; } = DiskStore;

    /// <summary>Root folder of the disk store; default a "blobs" folder beside the SQLite file, or beside the binaries.</summary>
    public string? DiskRoot { get; init; }

    /// <summary>Largest accepted upload in bytes (10 MiB).</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;
}
