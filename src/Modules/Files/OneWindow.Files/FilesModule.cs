using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Files.Data;
using OneWindow.Files.Features.Library;
using OneWindow.Files.Features.Storage;
using OneWindow.Shared.Data;
using OneWindow.Shared.Files;

namespace OneWindow.Files;

/// <summary>Registers the files module: the applicants' materials library (IFileLibrary), its tables and the blob
/// store chosen by Files:Store. A store name it does not know stops start-up with a message.</summary>
public static class FilesModule
{
    public const string Name = "files";

    public static IServiceCollection AddFilesModule(this IServiceCollection services, DatabaseSettings database, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Files").Get<FilesSettings>() ?? new FilesSettings();
        if (settings.MaxBytes < 1)
        {
            throw new InvalidOperationException("Files:MaxBytes must be a positive number of bytes.");
        }

        services.AddModuleDbContext<FilesDbContext>(database);
        services.AddSingleton(new MigrationSource(Name, typeof(FilesModule).Assembly));
        services.AddSingleton(settings);
        switch (settings.Store)
        {
            case FilesSettings.DiskStore:
                services.AddSingleton(new DiskBlobStore(settings.DiskRoot is { Length: > 0 } root ? root : DefaultDiskRoot(database)));
                services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<DiskBlobStore>());
                break;
            case FilesSettings.DatabaseStore:
                services.AddScoped<IBlobStore, DatabaseBlobStore>();
                break;
            default:
                throw new InvalidOperationException($"Files:Store must be \"{FilesSettings.DiskStore}\" or \"{FilesSettings.DatabaseStore}\" (docs/files.md).");
        }

        services.AddScoped<FileLibrary>();
        services.AddScoped<IFileLibrary>(sp => sp.GetRequiredService<FileLibrary>());
        return services;
    }

    /// <summary>A "blobs" folder beside the embedded SQLite file, or beside the binaries (with PostgreSQL).</summary>
    public static string DefaultDiskRoot(DatabaseSettings database) =>
        Path.Combine(database.SqliteFile is { } file ? Path.GetDirectoryName(Path.GetFullPath(file))! : AppContext.BaseDirectory, "blobs");
}
