using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Data;

namespace OneWindow.Exchange.Log;

/// <summary>The exchange call log's tables (prefix exchange_log_): entries, their subjects, signed roots and the
/// signing keys. Its own context so the hot write path (<see cref="GroupCommitLog"/>) and the sealer share nothing with
/// the grant tables. Schema: Migrations/{provider}/0002_exchange_log.sql (SchemaMatchesModelTests compares).</summary>
public sealed class ExchangeLogDbContext(DbContextOptions<ExchangeLogDbContext> options) : DbContext(options)
{
    public DbSet<LogEntryRow> Entries => Set<LogEntryRow>();

    public DbSet<LogSubjectRow> Subjects => Set<LogSubjectRow>();

    public DbSet<LogRootRow> Roots => Set<LogRootRow>();

    public DbSet<LogKeyRow> Keys => Set<LogKeyRow>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LogEntryRow>(e =>
        {
            e.ToTable("LogEntries");
            e.Property(x => x.Consumer).HasMaxLength(100);
            e.Property(x => x.ResourceCode).HasMaxLength(40);
            e.Property(x => x.Purpose).HasMaxLength(500);
            e.Property(x => x.CaseNumber).HasMaxLength(60);
            e.Property(x => x.LegalBasis).HasMaxLength(500);
            e.Property(x => x.Items).HasMaxLength(4000);
            e.Property(x => x.Outcome).HasMaxLength(60);
            e.Property(x => x.RequestId).HasMaxLength(100);
            e.Property(x => x.LeafHash).HasMaxLength(64);
            // Staff lists of one side, newest first (keyset on id), and the figures of a period per side.
            e.HasIndex(x => new { x.ConsumerDepartmentId, x.Id });
            e.HasIndex(x => new { x.ProviderDepartmentId, x.Id });
            e.HasIndex(x => new { x.ConsumerDepartmentId, x.At });
            e.HasIndex(x => new { x.ProviderDepartmentId, x.At });
            // The sealer's claim (root_id IS NULL) and a root's entries in id order (verification, proofs).
            e.HasIndex(x => new { x.RootId, x.Id });
        });

        modelBuilder.Entity<LogSubjectRow>(e =>
        {
            e.ToTable("LogSubjects");
            e.HasKey(x => new { x.EntryId, x.SubjectIndex });
            e.Property(x => x.SubjectIndex).HasMaxLength(40);
            // The citizen's data-use page: every call that touched a subject, newest first.
            e.HasIndex(x => new { x.SubjectIndex, x.EntryId });
            e.HasOne<LogEntryRow>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LogRootRow>(e =>
        {
            e.ToTable("LogRoots");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MerkleRoot).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.RootHash).HasMaxLength(64);
            e.Property(x => x.Signature).HasMaxLength(200);
            e.Property(x => x.KeyId).HasMaxLength(40);
        });

        modelBuilder.Entity<LogKeyRow>(e =>
        {
            e.ToTable("LogKeys");
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.Algorithm).HasMaxLength(20);
        });

        if (!Database.IsNpgsql())
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "exchange_");
    }
}
