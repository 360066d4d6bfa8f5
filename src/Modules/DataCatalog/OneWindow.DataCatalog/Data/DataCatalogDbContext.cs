using Microsoft.EntityFrameworkCore;
using OneWindow.DataCatalog.Domain;
using OneWindow.Shared.Data;
using OneWindow.Shared.Search;

namespace OneWindow.DataCatalog.Data;

/// <summary>The data resource catalogue's tables (prefix datacatalog_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers (the SQLite FTS5 table and its triggers
/// are provider extras).</summary>
public sealed class DataCatalogDbContext(DbContextOptions<DataCatalogDbContext> options) : DbContext(options)
{
    public DbSet<DataResource> Resources => Set<DataResource>();

    public DbSet<ResourceVersion> Versions => Set<ResourceVersion>();

    public DbSet<CodeSequence> CodeSequences => Set<CodeSequence>();

    public DbSet<SearchRow> Search => Set<SearchRow>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<DataResource>(e =>
        {
            e.ToTable("Resources");
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Classification).HasMaxLength(12);
            e.Property(x => x.ProviderRegion).HasMaxLength(6);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.LatestState).HasMaxLength(12);
            e.HasIndex(x => x.Code).IsUnique();
            // A department's resources (editors' list) and the review queue (state, then id).
            e.HasIndex(x => new { x.ProviderDepartmentId, x.Id });
            e.HasIndex(x => new { x.LatestState, x.Id });
        });

        modelBuilder.Entity<ResourceVersion>(e =>
        {
            e.ToTable("Versions");
            e.Property(x => x.State).HasMaxLength(12);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.SubmittedBy).HasMaxLength(100);
            e.Property(x => x.ReviewedBy).HasMaxLength(100);
            e.Property(x => x.ReturnReason).HasMaxLength(500);
            e.HasIndex(x => new { x.ResourceId, x.VersionNo }).IsUnique();
            e.HasOne<DataResource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CodeSequence>(e =>
        {
            e.ToTable("CodeSequences");
            e.HasKey(x => x.Classification);
            e.Property(x => x.Classification).HasMaxLength(12);
        });

        modelBuilder.Entity<SearchRow>(e =>
        {
            e.ToTable("Search");
            e.HasKey(x => x.ResourceId);
            e.Property(x => x.ResourceId).ValueGeneratedNever();
            e.Property(x => x.Code).HasMaxLength(20);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Summary).HasMaxLength(500);
            e.Property(x => x.ProviderName).HasMaxLength(100);
            e.Property(x => x.SharingClass).HasMaxLength(16);
            e.Property(x => x.OpenClass).HasMaxLength(16);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => new { x.ProviderDepartmentId, x.ResourceId });
            e.HasOne<DataResource>().WithOne().HasForeignKey<SearchRow>(x => x.ResourceId).OnDelete(DeleteBehavior.Cascade);
            // SQLite: one space-separated string, indexed by the FTS5 table datacatalog_search_fts.
            SearchTokenColumn.Map(e, nameof(SearchRow.Tokens), postgres);
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "datacatalog_");
    }
}
