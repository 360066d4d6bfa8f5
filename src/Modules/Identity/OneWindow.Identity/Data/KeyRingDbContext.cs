using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OneWindow.Shared.Data;

namespace OneWindow.Identity.Data;

/// <summary>
/// The ASP.NET data-protection key ring every node shares (table identity_data_protection_keys): one row per key or
/// revocation, its XML as the framework writes it, the master key inside sealed by <see cref="Protection.KeyRing.KeyRingEncryptor"/>.
/// A context of its own so the framework's repository (which opens a scope per read) loads a one-table model. The schema
/// comes from Migrations/{provider}/0005_data_protection_keys.sql; SchemaMatchesModelTests checks it.
/// </summary>
public sealed class KeyRingDbContext(DbContextOptions<KeyRingDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("DataProtectionKeys"));
        SnakeCaseNames.Apply(modelBuilder, "identity_");
    }
}
