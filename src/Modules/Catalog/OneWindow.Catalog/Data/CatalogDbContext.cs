using Microsoft.EntityFrameworkCore;
using OneWindow.Catalog.Domain;
using OneWindow.Shared.Data;
using OneWindow.Shared.Search;

namespace OneWindow.Catalog.Data;

/// <summary>The catalogue module's tables (prefix catalog_). The schema itself comes from Migrations/{provider}/*.sql;
/// this model must match it, which SchemaMatchesModelTests checks on both providers.</summary>
public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<BasicItem> BasicItems => Set<BasicItem>();

    public DbSet<ServiceItem> ServiceItems => Set<ServiceItem>();

    public DbSet<ItemVersion> ItemVersions => Set<ItemVersion>();

    public DbSet<ItemEvent> ItemEvents => Set<ItemEvent>();

    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();

        modelBuilder.Entity<Region>(e =>
        {
            e.ToTable("Regions");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(6);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.ParentCode).HasMaxLength(6);
            e.Property(x => x.Revision).HasMaxLength(16);
            e.HasIndex(x => x.ParentCode);
        });

        modelBuilder.Entity<Department>(e =>
        {
            e.ToTable("Departments");
            e.Property(x => x.Key).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.CreditCode).HasMaxLength(18);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Address).HasMaxLength(200);
            e.Property(x => x.Hours).HasMaxLength(200);
            e.HasIndex(x => x.Key).IsUnique();
            e.HasIndex(x => x.CreditCode).IsUnique();
            e.HasIndex(x => x.RegionCode);
        });

        modelBuilder.Entity<BasicItem>(e =>
        {
            e.ToTable("BasicItems");
            e.Property(x => x.BaseCode).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.ItemType).HasMaxLength(2);
            e.HasIndex(x => x.BaseCode).IsUnique();
        });

        modelBuilder.Entity<ServiceItem>(e =>
        {
            e.ToTable("ServiceItems");
            e.Property(x => x.ImplementationCode).HasMaxLength(64);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.PublicationReason).HasMaxLength(500);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.ImplementationCode).IsUnique();
            e.HasIndex(x => new { x.DepartmentId, x.Id });
            e.HasIndex(x => x.BasicItemId);
            e.HasIndex(x => x.RegionCode);
            e.HasOne<BasicItem>().WithMany().HasForeignKey(x => x.BasicItemId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ItemVersion>(e =>
        {
            e.ToTable("ItemVersions");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.ChangeNote).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.ReviewedBy).HasMaxLength(100);
            e.Property(x => x.ReviewComment).HasMaxLength(2000);
            e.HasIndex(x => new { x.ServiceItemId, x.VersionNo }).IsUnique();
            e.HasIndex(x => new { x.State, x.Id });
            e.HasOne<ServiceItem>().WithMany().HasForeignKey(x => x.ServiceItemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ItemEvent>(e =>
        {
            e.ToTable("ItemEvents");
            e.Property(x => x.Action).HasMaxLength(32);
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.HasIndex(x => new { x.ServiceItemId, x.Id });
            e.HasOne<ServiceItem>().WithMany().HasForeignKey(x => x.ServiceItemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SearchEntry>(e =>
        {
            e.ToTable("Search");
            e.HasKey(x => x.ServiceItemId);
            e.Property(x => x.ServiceItemId).ValueGeneratedNever();
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.ImplementationCode).HasMaxLength(64);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.ItemType).HasMaxLength(2);
            e.Property(x => x.Summary).HasMaxLength(500);
            e.HasIndex(x => new { x.Popularity, x.ServiceItemId });
            e.HasIndex(x => new { x.DepartmentId, x.Popularity });
            e.HasOne<ServiceItem>().WithOne().HasForeignKey<SearchEntry>(x => x.ServiceItemId).OnDelete(DeleteBehavior.Cascade);
            // SQLite: the tokens are one space-separated string, indexed by the FTS5 table catalog_search_fts.
            SearchTokenColumn.Map(e, nameof(SearchEntry.Tokens), postgres);
        });

        modelBuilder.Entity<ImportJob>(e =>
        {
            e.ToTable("ImportJobs");
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.ActorName).HasMaxLength(100);
            e.Property(x => x.ActorSubject).HasMaxLength(100);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.Message).HasMaxLength(1000);
            e.HasIndex(x => new { x.Status, x.Id });
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "catalog_");
    }
}
