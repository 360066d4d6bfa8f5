using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OneWindow.Identity.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Identity.Data;

/// <summary>The identity module's tables (prefix identity_). The schema comes from Migrations/{provider}/*.sql;
/// SchemaMatchesModelTests checks that this model matches it on both providers.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<Citizen> Citizens => Set<Citizen>();

    public DbSet<Enterprise> Enterprises => Set<Enterprise>();

    public DbSet<EnterpriseMember> EnterpriseMembers => Set<EnterpriseMember>();

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<StaffRoleGrant> StaffRoles => Set<StaffRoleGrant>();

    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();

    public DbSet<OutgoingMessage> OutgoingMessages => Set<OutgoingMessage>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AccountSession> Sessions => Set<AccountSession>();

    public DbSet<AddressFailure> AddressFailures => Set<AddressFailure>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();

        modelBuilder.Entity<Citizen>(e =>
        {
            e.ToTable("Citizens");
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.IdNumberIndex).HasMaxLength(64);
            e.Property(x => x.IdNumberMasked).HasMaxLength(18);
            e.Property(x => x.PhoneMasked).HasMaxLength(11);
            e.Property(x => x.PasswordHash).HasMaxLength(200);
            e.Property(x => x.AssuranceLevel).HasConversion<int>();
            e.HasIndex(x => x.IdNumberIndex).IsUnique();
        });

        modelBuilder.Entity<EnterpriseMember>(e =>
        {
            e.ToTable("EnterpriseMembers");
            e.Property(x => x.Role).HasConversion<int>();
            e.Property(x => x.GrantedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.EnterpriseId, x.CitizenId }).IsUnique();
            e.HasIndex(x => x.CitizenId);
            e.HasOne<Enterprise>().WithMany().HasForeignKey(x => x.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Citizen>().WithMany().HasForeignKey(x => x.CitizenId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<StaffMember>(e =>
        {
            e.ToTable("Staff");
            e.Property(x => x.UserName).HasMaxLength(50);
            e.Property(x => x.DisplayName).HasMaxLength(100);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.PasswordHash).HasMaxLength(200);
            e.HasIndex(x => x.UserName).IsUnique();
            // Staff lists per department (department admins) and per region (supervisors).
            e.HasIndex(x => new { x.DepartmentId, x.UserName });
            e.HasIndex(x => new { x.RegionCode, x.UserName });
            e.HasMany(x => x.Roles).WithOne().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<StaffRoleGrant>(e =>
        {
            e.ToTable("StaffRoles");
            e.HasKey(x => new { x.StaffId, x.Role });
            e.Property(x => x.Role).HasMaxLength(40);
            e.Property(x => x.GrantedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<OneTimeCode>(e =>
        {
            e.ToTable("OneTimeCodes");
            e.Property(x => x.Purpose).HasMaxLength(40);
            e.Property(x => x.CodeHash).HasMaxLength(64);
            // Latest code of a purpose for a citizen, and the send limits (codes in the last hour).
            e.HasIndex(x => new { x.CitizenId, x.Purpose, x.CreatedAt });
            e.HasOne<Citizen>().WithMany().HasForeignKey(x => x.CitizenId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OutgoingMessage>(e =>
        {
            e.ToTable("OutgoingMessages");
            e.Property(x => x.Channel).HasMaxLength(10);
            e.Property(x => x.Recipient).HasMaxLength(100);
            e.Property(x => x.DestinationMasked).HasMaxLength(100);
            e.Property(x => x.Body).HasMaxLength(1000);
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("ApiKeys");
            e.Property(x => x.Prefix).HasMaxLength(8);
            e.Property(x => x.SecretHash).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Scopes).HasMaxLength(1000);
            e.HasIndex(x => x.Prefix).IsUnique();
            // The owner's list, newest first.
            e.HasIndex(x => new { x.CitizenId, x.CreatedAt });
            e.HasOne<Citizen>().WithMany().HasForeignKey(x => x.CitizenId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Enterprise>(e =>
        {
            e.ToTable("Enterprises");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.CreditCode).HasMaxLength(18);
            e.Property(x => x.LegalRepresentativeName).HasMaxLength(100);
            e.Property(x => x.OverrideReason).HasMaxLength(500);
            e.HasIndex(x => x.CreditCode).IsUnique();
        });

        modelBuilder.Entity<AccountSession>(e =>
        {
            e.ToTable("Sessions");
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.AccountKind).HasMaxLength(10);
            e.Property(x => x.EndReason).HasMaxLength(40);
            e.Property(x => x.Client).HasMaxLength(60);
            // Ending all sessions of an account (password reset, disable) and listing them.
            e.HasIndex(x => new { x.AccountKind, x.AccountId });
        });

        modelBuilder.Entity<AddressFailure>(e =>
        {
            e.ToTable("AddressFailures");
            e.HasKey(x => new { x.AddressKey, x.WindowNumber });
            e.Property(x => x.AddressKey).HasMaxLength(64);
            e.HasIndex(x => x.WindowNumber);
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "identity_");
    }
}
