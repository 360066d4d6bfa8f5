using Microsoft.EntityFrameworkCore;
using OneWindow.Audit.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Audit.Data;

/// <summary>The audit module's table (prefix audit_). The schema comes from Migrations/{provider}/*.sql; this model must
/// match it (SchemaMatchesModelTests). Other modules never map this table: they append through AuditLog.</summary>
public sealed class AuditDbContext(DbContextOptions<AuditDbContext> options) : DbContext(options)
{
    public DbSet<AuditEntry> Entries => Set<AuditEntry>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("Entries");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.ActorDepartment).HasMaxLength(64);
            e.Property(x => x.Action).HasMaxLength(64);
            e.Property(x => x.TargetType).HasMaxLength(64);
            e.Property(x => x.TargetId).HasMaxLength(100);
            e.Property(x => x.Summary).HasMaxLength(500);
            e.Property(x => x.DataJson).HasMaxLength(4000);
            e.Property(x => x.RequestId).HasMaxLength(64);
            e.Property(x => x.Seal).HasMaxLength(64);

            // The admin search: newest first, by actor, by action, by target; each ends in seq for keyset paging.
            e.HasIndex(x => new { x.OccurredAt, x.Seq });
            e.HasIndex(x => new { x.Actor, x.Seq });
            e.HasIndex(x => new { x.Action, x.Seq });
            e.HasIndex(x => new { x.TargetType, x.TargetId, x.Seq });

            // The sealer's work list: only the few unsealed rows are in it.
            e.HasIndex(x => x.Seq).HasDatabaseName("ix_audit_entries_unsealed").HasFilter("seal IS NULL");
        });

        if (!postgres)
        {
            // AuditLog's raw INSERT writes UTC ticks, the form every module uses on SQLite.
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "audit_");
    }
}
