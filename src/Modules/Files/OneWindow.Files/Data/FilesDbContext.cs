using Microsoft.EntityFrameworkCore;
using OneWindow.Files.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Files.Data;

/// <summary>The files module's tables (prefix files_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers.</summary>
public sealed class FilesDbContext(DbContextOptions<FilesDbContext> options) : DbContext(options)
{
    public DbSet<FileRecord> Files => Set<FileRecord>();

    public DbSet<Blob> Blobs => Set<Blob>();

    public DbSet<BlobContent> BlobContents => Set<BlobContent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FileRecord>(e =>
        {
            e.ToTable("Files");
            e.Property(x => x.OwnerSubject).HasMaxLength(100);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.MediaType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
            // The owner's library, newest first, keyset-paged by id.
            e.HasIndex(x => new { x.OwnerSubject, x.Id });
            e.HasOne<Blob>().WithMany().HasForeignKey(x => x.Sha256).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Blob>(e =>
        {
            e.ToTable("Blobs");
            e.HasKey(x => x.Sha256);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.MediaType).HasMaxLength(100);
        });

        modelBuilder.Entity<BlobContent>(e =>
        {
            e.ToTable("BlobContents");
            e.HasKey(x => x.Sha256);
            // No foreign key to files_blobs: the database store writes the bytes first, in the same transaction.
            e.Property(x => x.Sha256).HasMaxLength(64);
        });

        if (!Database.IsNpgsql())
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "files_");
    }
}
