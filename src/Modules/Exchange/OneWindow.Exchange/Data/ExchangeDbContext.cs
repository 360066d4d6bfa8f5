using Microsoft.EntityFrameworkCore;
using OneWindow.Exchange.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Exchange.Data;

/// <summary>The exchange module's tables (prefix exchange_): grants, held rows, subscriptions, objections. The call log
/// has its own context (<see cref="Log"/>). The schema comes from Migrations/{provider}/*.sql; SchemaMatchesModelTests
/// checks that this model matches it on both providers.</summary>
public sealed class ExchangeDbContext(DbContextOptions<ExchangeDbContext> options) : DbContext(options)
{
    public DbSet<DataGrant> Grants => Set<DataGrant>();

    public DbSet<HeldRow> Rows => Set<HeldRow>();

    public DbSet<ResourceSequence> Sequences => Set<ResourceSequence>();

    public DbSet<ChangeSubscription> Subscriptions => Set<ChangeSubscription>();

    public DbSet<DataUseObjection> Objections => Set<DataUseObjection>();

    public DbSet<ProxyEndpoint> Proxies => Set<ProxyEndpoint>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataGrant>(e =>
        {
            e.ToTable("Grants");
            e.Property(x => x.ResourceCode).HasMaxLength(40);
            e.Property(x => x.ResourceName).HasMaxLength(200);
            e.Property(x => x.SharingClass).HasMaxLength(20);
            e.Property(x => x.RequestedBy).HasMaxLength(60);
            e.Property(x => x.Purpose).HasMaxLength(500);
            e.Property(x => x.LegalBasis).HasMaxLength(500);
            e.Property(x => x.Items).HasMaxLength(4000);
            e.Property(x => x.ClearItems).HasMaxLength(4000);
            e.Property(x => x.RowScope).HasMaxLength(20);
            e.Property(x => x.RowRegion).HasMaxLength(6);
            e.Property(x => x.ClientIds).HasMaxLength(1000);
            // Two answers at once: the second UPDATE finds the status changed and fails (no double decision).
            e.Property(x => x.Status).HasMaxLength(12).IsConcurrencyToken();
            e.Property(x => x.DecidedBy).HasMaxLength(60);
            e.Property(x => x.DecisionReason).HasMaxLength(500);
            e.Property(x => x.RevokedBy).HasMaxLength(60);
            e.Property(x => x.RevokeReason).HasMaxLength(500);
            // The consumer's and the provider's lists, newest first (keyset on id).
            e.HasIndex(x => new { x.ConsumerDepartmentId, x.Id });
            e.HasIndex(x => new { x.ProviderDepartmentId, x.Id });
            // The overdue sweep: pending requests by due date.
            e.HasIndex(x => new { x.Status, x.DueOn });
        });

        modelBuilder.Entity<HeldRow>(e =>
        {
            e.ToTable("Rows");
            e.Property(x => x.ResourceCode).HasMaxLength(40);
            e.Property(x => x.RowKey).HasMaxLength(100);
            e.Property(x => x.SubjectIndex).HasMaxLength(40);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.HasIndex(x => new { x.ResourceCode, x.RowKey }).IsUnique();
            // Reads by subject (registry-like calls on a table resource).
            e.HasIndex(x => new { x.ResourceCode, x.SubjectIndex });
            // Keyset paging of a resource's rows in id order.
            e.HasIndex(x => new { x.ResourceCode, x.Id });
        });

        modelBuilder.Entity<ResourceSequence>(e =>
        {
            e.ToTable("Sequences");
            e.HasKey(x => x.ResourceCode);
            e.Property(x => x.ResourceCode).HasMaxLength(40);
        });

        modelBuilder.Entity<ChangeSubscription>(e =>
        {
            e.ToTable("Subscriptions");
            e.Property(x => x.ResourceCode).HasMaxLength(40);
            e.Property(x => x.CreatedBy).HasMaxLength(60);
            // The fan-out of one change: active subscriptions of the resource.
            e.HasIndex(x => new { x.ResourceCode, x.Active });
            e.HasIndex(x => x.GrantId).IsUnique();
        });

        modelBuilder.Entity<DataUseObjection>(e =>
        {
            e.ToTable("Objections");
            e.Property(x => x.CitizenSubject).HasMaxLength(40);
            e.Property(x => x.ResourceCode).HasMaxLength(40);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.Status).HasMaxLength(12);
            e.Property(x => x.Answer).HasMaxLength(1000);
            e.Property(x => x.AnsweredBy).HasMaxLength(60);
            e.HasIndex(x => new { x.CitizenSubject, x.Id });
            e.HasIndex(x => new { x.ProviderDepartmentId, x.Id });
            // One objection per citizen and log entry.
            e.HasIndex(x => new { x.LogEntryId, x.CitizenSubject }).IsUnique();
        });

        modelBuilder.Entity<ProxyEndpoint>(e =>
        {
            e.ToTable("Proxies");
            e.HasKey(x => x.ResourceCode);
            e.Property(x => x.ResourceCode).HasMaxLength(40);
            e.Property(x => x.Url).HasMaxLength(500);
            e.Property(x => x.HeaderName).HasMaxLength(100);
            e.Property(x => x.UpdatedBy).HasMaxLength(60);
        });

        if (!Database.IsNpgsql())
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "exchange_");
    }
}
