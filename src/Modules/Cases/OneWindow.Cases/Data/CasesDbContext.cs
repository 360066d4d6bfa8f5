using Microsoft.EntityFrameworkCore;
using OneWindow.Cases.Domain;
using OneWindow.Cases.Features.Bundles;
using OneWindow.Shared.Data;

namespace OneWindow.Cases.Data;

/// <summary>The case-handling tables (prefix cases_). Schema from Migrations/{provider}/*.sql; SchemaMatchesModelTests
/// checks the two agree.</summary>
public sealed class CasesDbContext(DbContextOptions<CasesDbContext> options) : DbContext(options)
{
    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseMaterial> Materials => Set<CaseMaterial>();

    public DbSet<CaseTask> Tasks => Set<CaseTask>();

    public DbSet<CaseEntry> History => Set<CaseEntry>();

    public DbSet<CaseNotice> Notices => Set<CaseNotice>();

    public DbSet<CaseNotification> Notifications => Set<CaseNotification>();

    public DbSet<ItemSetup> ItemSetups => Set<ItemSetup>();

    public DbSet<CaseProof> Proofs => Set<CaseProof>();

    public DbSet<Bundle> Bundles => Set<Bundle>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Case>(e =>
        {
            e.ToTable("Cases");
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.QueryCode).HasMaxLength(16);
            e.Property(x => x.ItemName).HasMaxLength(200);
            e.Property(x => x.DepartmentName).HasMaxLength(100);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.ApplicantSubject).HasMaxLength(60);
            e.Property(x => x.SubmittedBy).HasMaxLength(60);
            e.Property(x => x.ApplicantName).HasMaxLength(200);
            e.Property(x => x.DeliveryMethod).HasMaxLength(20);
            e.Property(x => x.DeliveryAddress).HasMaxLength(300);
            e.Property(x => x.TrackingNumber).HasMaxLength(60);
            e.Property(x => x.SubmissionKey).HasMaxLength(64);
            e.Property(x => x.Decision).HasMaxLength(10);
            e.Property(x => x.DecisionReason).HasMaxLength(2000);
            e.Property(x => x.DecisionRemedy).HasMaxLength(1000);
            e.Property(x => x.ResultLicenceIdentifier).HasMaxLength(120);
            e.Property(x => x.Revision).IsConcurrencyToken();
            // A life event's cases.
            e.HasIndex(x => x.BundleId);
            e.HasIndex(x => x.Number).IsUnique();
            // Idempotent submission: one case per applicant and key.
            e.HasIndex(x => new { x.ApplicantSubject, x.SubmissionKey }).IsUnique();
            // "My cases" (newest first, keyset by id).
            e.HasIndex(x => new { x.ApplicantSubject, x.Id });
            // Acceptance desk: a department's cases by status, oldest first.
            e.HasIndex(x => new { x.DepartmentId, x.Status, x.Id });
            // Supervision: deadlines across a region.
            e.HasIndex(x => new { x.RegionCode, x.DueOn });
            // Reform figures (改革成效): cases submitted in a date range.
            e.HasIndex(x => x.SubmittedAt);
        });

        modelBuilder.Entity<CaseMaterial>(e =>
        {
            e.ToTable("Materials");
            e.Property(x => x.MaterialName).HasMaxLength(200);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.MediaType).HasMaxLength(60);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => new { x.CaseId, x.MaterialIndex });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CaseTask>(e =>
        {
            e.ToTable("Tasks");
            e.Property(x => x.StepName).HasMaxLength(100);
            e.Property(x => x.StepKind).HasMaxLength(20);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.Role).HasMaxLength(40);
            e.Property(x => x.State).HasMaxLength(12);
            e.Property(x => x.Outcome).HasMaxLength(12);
            e.Property(x => x.Opinion).HasMaxLength(2000);
            e.Property(x => x.AssigneeSubject).HasMaxLength(60);
            e.Property(x => x.AssigneeName).HasMaxLength(100);
            e.Property(x => x.CompletedBy).HasMaxLength(100);
            // Inboxes: a department's open tasks (keyset by id), an officer's claimed tasks.
            e.HasIndex(x => new { x.DepartmentId, x.State, x.Id });
            e.HasIndex(x => new { x.AssigneeSubject, x.State, x.Id });
            e.HasIndex(x => new { x.CaseId, x.StepIndex });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CaseEntry>(e =>
        {
            e.ToTable("History");
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.ActorSubject).HasMaxLength(60);
            e.Property(x => x.ActorName).HasMaxLength(100);
            e.Property(x => x.Office).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(2000);
            e.HasIndex(x => new { x.CaseId, x.Id });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CaseNotice>(e =>
        {
            e.ToTable("Notices");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.IssuedBy).HasMaxLength(100);
            e.Property(x => x.Office).HasMaxLength(100);
            e.HasIndex(x => new { x.CaseId, x.Id });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CaseNotification>(e =>
        {
            e.ToTable("Notifications");
            e.Property(x => x.RecipientSubject).HasMaxLength(60);
            e.Property(x => x.CaseNumber).HasMaxLength(32);
            e.Property(x => x.Text).HasMaxLength(500);
            e.HasIndex(x => new { x.RecipientSubject, x.Id });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ItemSetup>(e =>
        {
            e.ToTable("ItemSetups");
            e.HasKey(x => x.ServiceItemId);
            e.Property(x => x.ServiceItemId).ValueGeneratedNever();
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<CaseProof>(e =>
        {
            e.ToTable("Proofs");
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.LicenceIdentifier).HasMaxLength(120);
            e.Property(x => x.LicenceTypeName).HasMaxLength(100);
            e.Property(x => x.LicenceNumber).HasMaxLength(60);
            e.Property(x => x.RegistryFields).HasMaxLength(300);
            e.Property(x => x.SourceName).HasMaxLength(200);
            e.Property(x => x.VerifiedStatus).HasMaxLength(20);
            e.Property(x => x.VerifiedReason).HasMaxLength(300);
            e.Property(x => x.CommitmentText).HasMaxLength(2000);
            e.Property(x => x.CheckResult).HasMaxLength(20);
            e.Property(x => x.CheckNote).HasMaxLength(1000);
            e.Property(x => x.CheckedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.CaseId, x.MaterialIndex });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Bundle>(e =>
        {
            e.ToTable("Bundles");
            e.Property(x => x.Number).HasMaxLength(32);
            e.Property(x => x.EventKey).HasMaxLength(40);
            e.Property(x => x.EventName).HasMaxLength(100);
            e.Property(x => x.ApplicantSubject).HasMaxLength(60);
            e.Property(x => x.SubmittedBy).HasMaxLength(60);
            e.Property(x => x.ApplicantName).HasMaxLength(200);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.State).HasMaxLength(12);
            e.Property(x => x.DeliveryMethod).HasMaxLength(20);
            e.Property(x => x.DeliveryAddress).HasMaxLength(300);
            e.Property(x => x.TrackingNumber).HasMaxLength(60);
            e.Property(x => x.SubmissionKey).HasMaxLength(64);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => new { x.ApplicantSubject, x.SubmissionKey }).IsUnique();
            // "My life events", newest first.
            e.HasIndex(x => new { x.ApplicantSubject, x.Id });
            // The delivering window's list: decided, not yet delivered.
            e.HasIndex(x => new { x.DeliveredByDepartmentId, x.DeliveredAt, x.Id });
        });

        if (!Database.IsNpgsql())
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "cases_");
    }
}
