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

        modelBuilder.Entity<Enterprise>(e =>
        {
            e.ToTable("Enterprises");
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.CreditCode).HasMaxLength(18);
            e.Property(x => x.LegalRepresentativeName).HasMaxLength(100);
            e.Property(x => x.OverrideReason).HasMaxLength(500);
            e.HasIndex(x => x.CreditCode).IsUnique();
        });

        if (!postgres)
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "identity_");
    }
}
