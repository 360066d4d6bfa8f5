using Microsoft.EntityFrameworkCore;
using OneWindow.Integration.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Integration.Data;

/// <summary>The integration module's tables (prefix integration_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it. Other modules write integration_outbox through
/// OneWindow.Shared.Events.EventOutbox only.</summary>
public sealed class IntegrationDbContext(DbContextOptions<IntegrationDbContext> options) : DbContext(options)
{
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("Outbox");
            e.Property(x => x.Type).HasMaxLength(100);
            e.Property(x => x.Subject).HasMaxLength(200);
            e.Property(x => x.PayloadJson).HasMaxLength(16000);
            e.HasIndex(x => x.EventId).IsUnique();
            // The dispatcher's work list: only rows not fanned out yet.
            e.HasIndex(x => x.Id).HasDatabaseName("ix_integration_outbox_pending").HasFilter("dispatched_at IS NULL");
        });

        modelBuilder.Entity<Subscription>(e =>
        {
            e.ToTable("Subscriptions");
            e.Property(x => x.Owner).HasMaxLength(120);
            e.Property(x => x.Url).HasMaxLength(2000);
            e.Property(x => x.SecretProtected).HasMaxLength(200);
            e.Property(x => x.EventTypes).HasMaxLength(1000);
            e.Ignore(x => x.EventTypeList);
            e.HasIndex(x => new { x.DepartmentId, x.Id });
            e.HasIndex(x => new { x.Owner, x.Id });
        });

        modelBuilder.Entity<Delivery>(e =>
        {
            e.ToTable("Deliveries");
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.LastError).HasMaxLength(500);
            e.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique();
            // A subscription's deliveries, newest first (keyset on id).
            e.HasIndex(x => new { x.SubscriptionId, x.Id });
            // The sender's work list: only pending deliveries, by due time.
            e.HasIndex(x => x.NextAttemptAt).HasDatabaseName("ix_integration_deliveries_due").HasFilter("status = 'pending'");
        });

        if (!postgres)
        {
            // EventOutbox's raw INSERT writes UTC ticks, the form every module uses on SQLite.
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "integration_");
    }
}
