using Microsoft.EntityFrameworkCore;
using OneWindow.Licences.Domain;
using OneWindow.Shared.Data;

namespace OneWindow.Licences.Data;

/// <summary>The e-licence library's tables (prefix licences_). Schema from Migrations/{provider}/*.sql, checked against
/// this model by SchemaMatchesModelTests. Licences are inserted by raw SQL in LicenceWriter (inside the caller's
/// transaction); everything else goes through this context.</summary>
public sealed class LicencesDbContext(DbContextOptions<LicencesDbContext> options) : DbContext(options)
{
    public DbSet<LicenceType> Types => Set<LicenceType>();

    public DbSet<IssuingAgency> Agencies => Set<IssuingAgency>();

    public DbSet<SigningKey> Keys => Set<SigningKey>();

    public DbSet<Licence> Licences => Set<Licence>();

    public DbSet<ShareGrant> Grants => Set<ShareGrant>();

    public DbSet<ShareUse> Uses => Set<ShareUse>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LicenceType>(e =>
        {
            e.ToTable("Types");
            e.Property(x => x.Code).HasMaxLength(21);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.DefinerName).HasMaxLength(100);
            e.Property(x => x.DefinerCode).HasMaxLength(18);
            e.Property(x => x.HolderKind).HasMaxLength(16);
            e.Property(x => x.FieldsJson).HasMaxLength(8000);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.Name).IsUnique();
        });

        modelBuilder.Entity<IssuingAgency>(e =>
        {
            e.ToTable("Agencies");
            e.HasKey(x => x.DepartmentId);
            e.Property(x => x.DepartmentId).ValueGeneratedNever();
            e.Property(x => x.AgencyCode).HasMaxLength(18);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.HasIndex(x => x.AgencyCode).IsUnique();
        });

        modelBuilder.Entity<SigningKey>(e =>
        {
            e.ToTable("Keys");
            e.Property(x => x.KeyId).HasMaxLength(40);
            e.Property(x => x.AgencyCode).HasMaxLength(18);
            e.Property(x => x.PublicKey).HasMaxLength(200);
            e.HasIndex(x => x.KeyId).IsUnique();
            e.HasIndex(x => new { x.DepartmentId, x.Id });
            // One current key per agency.
            e.HasIndex(x => x.DepartmentId).IsUnique().HasDatabaseName("ix_licences_keys_current").HasFilter("retired_at IS NULL");
        });

        modelBuilder.Entity<Licence>(e =>
        {
            e.ToTable("Licences");
            e.Property(x => x.Identifier).HasMaxLength(120);
            e.Property(x => x.TypeCode).HasMaxLength(21);
            e.Property(x => x.TypeName).HasMaxLength(100);
            e.Property(x => x.Number).HasMaxLength(64);
            e.Property(x => x.HolderName).HasMaxLength(200);
            e.Property(x => x.HolderCode).HasMaxLength(18);
            e.Property(x => x.HolderCodeType).HasMaxLength(3);
            e.Property(x => x.IssuerCode).HasMaxLength(18);
            e.Property(x => x.IssuerName).HasMaxLength(200);
            e.Property(x => x.Jurisdiction).HasMaxLength(6);
            e.Property(x => x.DataJson).HasMaxLength(8000);
            e.Property(x => x.KeyId).HasMaxLength(40);
            e.Property(x => x.SourceReference).HasMaxLength(100);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.StateReason).HasMaxLength(500);
            e.HasIndex(x => x.Identifier).IsUnique();
            e.HasIndex(x => new { x.TypeCode, x.SourceReference }).IsUnique();
            e.HasIndex(x => new { x.HolderCode, x.Id });
            e.HasIndex(x => new { x.IssuerDepartmentId, x.Id });
        });

        modelBuilder.Entity<ShareGrant>(e =>
        {
            e.ToTable("Grants");
            e.Property(x => x.HolderCode).HasMaxLength(18);
            e.Property(x => x.GrantedBy).HasMaxLength(100);
            e.Property(x => x.Purpose).HasMaxLength(200);
            e.HasIndex(x => new { x.DepartmentId, x.Id });
            e.HasIndex(x => new { x.LicenceId, x.Id });
        });

        modelBuilder.Entity<ShareUse>(e =>
        {
            e.ToTable("Uses");
            e.Property(x => x.UsedBy).HasMaxLength(100);
            e.HasIndex(x => new { x.GrantId, x.Id });
        });

        if (!Database.IsNpgsql())
        {
            SqliteDateTimes.StoreAsUtcTicks(modelBuilder);
        }

        SnakeCaseNames.Apply(modelBuilder, "licences_");
    }
}
