using Microsoft.EntityFrameworkCore;
using OneWindow.Registry.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Registry.Data;

/// <summary>The registry module's tables (prefix registry_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers.</summary>
public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public const int MaxValueLength = 2000;

    public DbSet<RegistrySource> Sources => Set<RegistrySource>();

    public DbSet<RegistryEntity> Entities => Set<RegistryEntity>();

    public DbSet<SourceRecord> Records => Set<SourceRecord>();

    public DbSet<FieldStatement> Statements => Set<FieldStatement>();

    public DbSet<CurrentClaim> Claims => Set<CurrentClaim>();

    public DbSet<GoldenField> Golden => Set<GoldenField>();

    public DbSet<FieldRule> Rules => Set<FieldRule>();

    public DbSet<ManualDecision> Decisions => Set<ManualDecision>();

    public DbSet<RegistryConflict> Conflicts => Set<RegistryConflict>();

    public DbSet<RejectedSubmission> Rejections => Set<RejectedSubmission>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<RegistrySource>(e =>
        {
            e.ToTable("Sources");
            e.Property(x => x.Key).HasMaxLength(40);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.Fields).HasMaxLength(500);
            e.HasIndex(x => x.Key).IsUnique();
            e.Ignore(x => x.FieldList);
        });

        modelBuilder.Entity<RegistryEntity>(e =>
        {
            e.ToTable("Entities");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Code).HasMaxLength(18);
            // Lookup by (kind, code): every read and every ingest.
            e.HasIndex(x => new { x.Kind, x.Code }).IsUnique();
        });

        modelBuilder.Entity<SourceRecord>(e =>
        {
            e.ToTable("Records");
            e.Property(x => x.FieldsJson).HasMaxLength(20000);
            e.Property(x => x.SentBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EntityId, x.Id });
            // Quality: records accepted per source in the last 30 days, and the latest.
            e.HasIndex(x => new { x.SourceId, x.ReceivedAt });
            e.HasOne<RegistrySource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<RegistryEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<FieldStatement>(e =>
        {
            e.ToTable("Statements");
            e.Property(x => x.Field).HasMaxLength(40);
            e.Property(x => x.Value).HasMaxLength(MaxValueLength);
            // History of a field of an entity, newest first.
            e.HasIndex(x => new { x.EntityId, x.Field, x.Id });
            e.HasOne<RegistrySource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SourceRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<RegistryEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<CurrentClaim>(e =>
        {
            e.ToTable("Claims");
            e.HasKey(x => new { x.EntityId, x.Field, x.SourceId });
            e.Property(x => x.Field).HasMaxLength(40);
            e.Property(x => x.Value).HasMaxLength(MaxValueLength);
            // Quality: completeness per source.
            e.HasIndex(x => x.SourceId);
            e.HasOne<RegistrySource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<RegistryEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<GoldenField>(e =>
        {
            e.ToTable("GoldenFields");
            e.HasKey(x => new { x.EntityId, x.Field });
            e.Property(x => x.Field).HasMaxLength(40);
            e.Property(x => x.Value).HasMaxLength(MaxValueLength);
            e.Property(x => x.Basis).HasMaxLength(16);
            e.HasOne<RegistryEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<FieldRule>(e =>
        {
            e.ToTable("Rules");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Field).HasMaxLength(40);
            e.Property(x => x.Strategy).HasMaxLength(16);
            e.Property(x => x.Priority).HasMaxLength(500);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.Kind, x.Field }).IsUnique();
            e.Ignore(x => x.Tiers);
        });

        modelBuilder.Entity<ManualDecision>(e =>
        {
            e.ToTable("Decisions");
            e.Property(x => x.Field).HasMaxLength(40);
            e.Property(x => x.Value).HasMaxLength(MaxValueLength);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.DecidedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EntityId, x.Field, x.Id });
            e.HasOne<RegistryEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<RegistryConflict>(e =>
        {
            e.ToTable("Conflicts");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Field).HasMaxLength(40);
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.ValuesJson).HasMaxLength(20000);
            e.Property(x => x.ClosedBy).HasMaxLength(100);
            // The steward's list (open conflicts, keyset by id) and the conflicts of an entity.
            e.HasIndex(x => new { x.Status, x.Id });
            e.HasIndex(x => new { x.EntityId, x.Field });
            e.HasOne<RegistryEntity>().WithMany().HasForeignKey(x => x.EntityId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<RejectedSubmission>(e =>
        {
            e.ToTable("Rejections");
            e.Property(x => x.SentBy).HasMaxLength(100);
            e.HasIndex(x => new { x.SourceId, x.RejectedAt });
            e.HasOne<RegistrySource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Restrict);
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "registry_");
    }
}
